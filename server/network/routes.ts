// HTTP adapter of GET /customer/network-status.
import { currentUser } from '../auth/current-user.js';
import { route, Routes } from '../http/typed-routes.js';
import type { NetworkService } from './service.js';

export function networkRoutes(network: NetworkService): Routes {
  const router = new Routes();
  route(router, 'get', '/customer/network-status', async ({ req, query }) => ({
    status: 200,
    body: { status: 'success', message: 'Status pelanggan berhasil diambil.', data: await network.status(currentUser(req), query.no_services) },
  }));
  return router;
}
