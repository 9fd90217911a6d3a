// API keys: the store, and the guard in front of the API-key operations.
import type { AppContext } from '../context.js';
import { apiKeyGuard } from './guard.js';
import { apiKeyRepository } from './repository.js';
import { apiKeyService } from './service.js';

export function keysComponent({ db, clock, contract }: AppContext) {
  const keys = apiKeyService(apiKeyRepository(db), clock);
  return { keys, guard: apiKeyGuard(keys, contract) };
}
