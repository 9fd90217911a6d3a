// The Customer component.
import type { CatalogService } from '../catalog/service.js';
import type { AppContext } from '../context.js';
import { customerRepository } from './repository.js';
import { customerRoutes } from './routes.js';
import { customerService } from './service.js';

export function customersComponent({ db, clock }: AppContext, catalog: CatalogService) {
  const customers = customerService(customerRepository(db), catalog, clock);
  return { customers, router: customerRoutes(customers) };
}
