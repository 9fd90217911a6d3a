// HTTP adapter of the Region and Package operations, and the identity document types.
import { AppError } from '../errors.js';
import { route, Routes } from '../http/typed-routes.js';
import type { CatalogRepository } from './repository.js';

export function catalogRoutes(catalog: CatalogRepository): Routes {
  const router = new Routes();
  route(router, 'get', '/region', async () => ({
    status: 200,
    body: { status: 'success', message: 'Data perusahaan ditemukan.', data: await catalog.activeCompanies() },
  }));

  route(router, 'get', '/package', async ({ query }) => {
    if (!(await catalog.findActiveCompany(query.company_id))) {
      throw AppError.invalidField('company_id', 'The selected company id is invalid.');
    }
    const packages = await catalog.offeredPackages(query.company_id);
    return {
      status: 200,
      body: {
        status: 'success',
        message: 'Data paket ditemukan.',
        data: packages.map(({ category_name, ...p }) => ({ ...p, category: { id: p.category_id, name: category_name } })),
      },
    };
  });

  route(router, 'get', '/customer/id-types', async () => ({
    status: 200,
    body: { status: 'success', message: 'Identification types retrieved.', id_types: await catalog.idTypes() },
  }));
  return router;
}
