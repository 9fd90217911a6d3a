// The network component: a customer's line status, from its router.
import type { AppContext } from '../context.js';
import { networkRepository } from './repository.js';
import { networkRoutes } from './routes.js';
import { networkService } from './service.js';

export function networkComponent({ db, routers, logger }: AppContext) {
  return { router: networkRoutes(networkService(networkRepository(db), routers, logger)) };
}
