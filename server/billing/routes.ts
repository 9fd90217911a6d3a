// HTTP adapter of the Billing operations (API key).
import { route, Routes } from '../http/typed-routes.js';
import { currentApiKey } from '../keys/guard.js';
import type { BillingService } from './service.js';

export function billingRoutes(billing: BillingService): Routes {
  const router = new Routes();
  route(router, 'get', '/billing/detail', async ({ req, query }) => ({ status: 200, body: { status: true, data: await billing.detail(query, currentApiKey(req).id) } }));
  route(router, 'get', '/billing/unpaid', async ({ req, query }) => ({ status: 200, body: { status: true, data: await billing.unpaid(query, currentApiKey(req).id) } }));
  route(router, 'post', '/billing/mark-as-paid', async ({ req, body }) => {
    await billing.markPaid(body, currentApiKey(req).id);
    return { status: 200, body: { status: true, message: 'Tagihan berhasil diperbarui menjadi sudah dibayar' } };
  });
  return router;
}
