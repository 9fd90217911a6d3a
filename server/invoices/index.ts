// The Invoice component.
import type { AppContext } from '../context.js';
import type { CustomerService } from '../customers/service.js';
import { invoiceRepository } from './repository.js';
import { invoiceRoutes } from './routes.js';
import { invoiceService } from './service.js';

export function invoicesComponent({ db }: AppContext, customers: CustomerService) {
  const invoices = invoiceService(invoiceRepository(db), customers);
  return { invoices, router: invoiceRoutes(invoices) };
}
