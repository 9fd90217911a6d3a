// HTTP adapter of the Billing operations (API key).
import { route, Routes } from '../http/typed-routes.js';
import type { Logger } from '../shared/logger.js';
import type { BillingService, PaidInvoice } from './service.js';

export function billingRoutes(billing: BillingService, onPaid: (paid: PaidInvoice) => Promise<void>, logger: Logger): Routes {
  const router = new Routes();
  route(router, 'get', '/billing/detail', async ({ query }) => ({ status: 200, body: { status: true, data: await billing.detail(query) } }));
  route(router, 'get', '/billing/unpaid', async ({ query }) => ({ status: 200, body: { status: true, data: await billing.unpaid(query) } }));
  route(router, 'post', '/billing/mark-as-paid', async ({ body }) => {
    const paid = await billing.markPaid(body);
    // The payment is committed: a failing notification must not turn it into an error.
    await onPaid(paid).catch((error: unknown) => logger.error({ err: error, invoice: paid.invoice.number }, 'invoice-paid notification failed'));
    return { status: 200, body: { status: true, message: 'Tagihan berhasil diperbarui menjadi sudah dibayar' } };
  });
  return router;
}
