// HTTP adapter of the Billing operations (API key).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { route, Routes } from '../http/typed-routes.js';
import { currentApiKey } from '../keys/guard.js';
import type { Logger } from '../shared/logger.js';
import type { BillingService, PaidInvoice } from './service.js';

/** What a payment stores alongside it, in its transaction (the customer's notification); returns
 * what to do once the payment is committed (send the notification). */
export type OnPaid = (trx: Kysely<Database>, paid: PaidInvoice) => Promise<() => Promise<void>>;

export function billingRoutes(billing: BillingService, onPaid: OnPaid, logger: Logger): Routes {
  const router = new Routes();
  route(router, 'get', '/billing/detail', async ({ req, query }) => ({ status: 200, body: { status: true, data: await billing.detail(query, currentApiKey(req).id) } }));
  route(router, 'get', '/billing/unpaid', async ({ req, query }) => ({ status: 200, body: { status: true, data: await billing.unpaid(query, currentApiKey(req).id) } }));
  route(router, 'post', '/billing/mark-as-paid', async ({ req, body }) => {
    const send = await billing.markPaid(body, currentApiKey(req).id, onPaid);
    // The payment and its notification are committed: a failing push must not turn it into an error.
    await send().catch((error: unknown) => logger.error({ err: error, invoice: body.invoice }, 'invoice-paid notification failed'));
    return { status: 200, body: { status: true, message: 'Tagihan berhasil diperbarui menjadi sudah dibayar' } };
  });
  return router;
}
