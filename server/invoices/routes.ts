// HTTP adapter of the Invoice operation.
import { currentUser } from '../auth/current-user.js';
import { route, Routes } from '../http/typed-routes.js';
import type { InvoiceService } from './service.js';

export function invoiceRoutes(invoices: InvoiceService): Routes {
  const router = new Routes();
  route(router, 'get', '/invoice', async ({ req, query }) => ({
    status: 200,
    body: { status: 'success', message: 'Data tagihan ditemukan.', ...(await invoices.list(currentUser(req), query)) },
  }));
  return router;
}
