// The accounts the rate limiter spends per-account budgets under, answered from the users table: the
// limiter (http/rate-limit.ts) declares what it asks, the auth component knows how to find users.
import type { AccountKeys } from '../http/rate-limit.js';
import { currentUser } from './current-user.js';
import { otpDestination } from './password-reset.js';
import type { userRepository } from './repository.js';

export function accountKeys(users: Pick<ReturnType<typeof userRepository>, 'findByIdentifier' | 'findByNoServices'>): AccountKeys {
  return {
    byIdentifier: async (identifier) => (await users.findByIdentifier(identifier))?.id,
    otpDestination: async (noServices) => {
      const user = await users.findByNoServices(noServices);
      return user && otpDestination(user);
    },
    current: (req) => currentUser(req).id,
  };
}
