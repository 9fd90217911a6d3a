// The Helpdesk component.
import type { AppContext } from '../context.js';
import type { CustomerService } from '../customers/service.js';
import { helpdeskRepository } from './repository.js';
import { helpdeskRoutes } from './routes.js';
import { helpdeskService } from './service.js';

export function helpdeskComponent({ db, clock }: AppContext, customers: CustomerService) {
  const helpdesk = helpdeskService(helpdeskRepository(db), customers, clock);
  return { helpdesk, router: helpdeskRoutes(helpdesk) };
}
