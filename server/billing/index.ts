// The Billing component: invoice lookup and payment for payment partners.
import type { AppContext } from '../context.js';
import { customerRepository } from '../customers/repository.js';
import { invoiceRepository } from '../invoices/repository.js';
import { billingRoutes, type OnPaid } from './routes.js';
import { billingService } from './service.js';

export function billingComponent({ db, contract, clock, logger }: AppContext, onPaid: OnPaid) {
  const billing = billingService({ db, customers: customerRepository(db), invoices: invoiceRepository(db), contract, clock });
  return { billing, router: billingRoutes(billing, onPaid, logger) };
}
