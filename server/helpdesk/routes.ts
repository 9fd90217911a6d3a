// HTTP adapter of the Helpdesk operations.
import { currentUser } from '../auth/current-user.js';
import { route, Routes } from '../http/typed-routes.js';
import type { HelpdeskService } from './service.js';

export function helpdeskRoutes(helpdesk: HelpdeskService): Routes {
  const router = new Routes();
  route(router, 'get', '/help/options', async () => ({
    status: 200,
    body: { status: 'success', message: 'Daftar tipe dan solusi bantuan.', ...(await helpdesk.options()) },
  }));
  route(router, 'get', '/help', async ({ req, query }) => ({
    status: 200,
    body: { status: 'success', message: 'Data bantuan ditemukan.', ...(await helpdesk.list(currentUser(req), query)) },
  }));
  route(router, 'post', '/help', async ({ req, body }) => ({
    status: 201,
    body: { status: 'success', message: 'Tiket bantuan berhasil dibuat.', data: await helpdesk.open(currentUser(req), body) },
  }));
  route(router, 'get', '/help/timeline', async ({ req, query }) => ({
    status: 200,
    body: { status: 'success', message: 'Timeline tiket bantuan ditemukan.', ...(await helpdesk.timeline(currentUser(req), query)) },
  }));
  route(router, 'post', '/help/close', async ({ req, body }) => ({
    status: 200,
    body: { status: 'success', message: 'Tiket bantuan telah ditutup.', ...(await helpdesk.close(currentUser(req), body)) },
  }));
  return router;
}
