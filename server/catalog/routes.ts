// HTTP adapter of the Region and Package operations, and the identity document types.
import { route, Routes } from '../http/typed-routes.js';
import type { CatalogService } from './service.js';

export function catalogRoutes(catalog: CatalogService): Routes {
  const router = new Routes();
  route(router, 'get', '/region', async () => ({
    status: 200,
    body: { status: 'success', message: 'Data perusahaan ditemukan.', data: await catalog.activeCompanies() },
  }));
  route(router, 'get', '/package', async ({ query }) => ({
    status: 200,
    body: { status: 'success', message: 'Data paket ditemukan.', data: await catalog.packagesOf(query.company_id) },
  }));
  route(router, 'get', '/customer/id-types', async () => ({
    status: 200,
    body: { status: 'success', message: 'Identification types retrieved.', id_types: await catalog.idTypes() },
  }));
  return router;
}
