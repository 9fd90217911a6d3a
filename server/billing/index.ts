// The Billing component: invoice lookup and payment for payment partners.
import type { AppContext } from '../context.js';
import { billingRepository } from './repository.js';
import { billingRoutes } from './routes.js';
import { billingService, type OnPaid } from './service.js';

export function billingComponent({ db, contract, clock, logger }: AppContext, onPaid: OnPaid) {
  const billing = billingService({ billing: billingRepository(db), onPaid, contract, clock, logger });
  return { billing, router: billingRoutes(billing) };
}
