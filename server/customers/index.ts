// The Customer component.
import { catalogRepository } from '../catalog/repository.js';
import type { AppContext } from '../context.js';
import { customerRepository } from './repository.js';
import { customerRoutes } from './routes.js';
import { customerService } from './service.js';

export function customersComponent({ db, clock }: AppContext) {
  const customers = customerService(customerRepository(db), catalogRepository(db), clock);
  return { customers, router: customerRoutes(customers) };
}
