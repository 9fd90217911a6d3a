// HTTP adapter of GET /customer/network-status.
import { Router } from 'express';
import { currentUser } from '../auth/current-user.js';
import { route } from '../http/typed-routes.js';
import type { networkService } from './service.js';

export function networkRoutes(network: ReturnType<typeof networkService>): Router {
  const router = Router();
  route(router, 'get', '/customer/network-status', async ({ req, query }) => ({
    status: 200,
    body: { status: 'success', message: 'Status pelanggan berhasil diambil.', data: await network.status(currentUser(req), query.no_services) },
  }));
  return router;
}
