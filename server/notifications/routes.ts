// HTTP adapter of the Notification operations, for users (bearer) and integrations (API key).
import { currentUser } from '../auth/current-user.js';
import { route, Routes } from '../http/typed-routes.js';
import type { NotificationService } from './service.js';

export function notificationRoutes(notifications: NotificationService): Routes {
  const router = new Routes();
  route(router, 'get', '/notification', async ({ req, query }) => ({
    status: 200,
    body: { status: 'success', message: 'Daftar notifikasi berhasil diambil.', ...(await notifications.list(currentUser(req), query)) },
  }));
  route(router, 'post', '/notification/token', async ({ req, body }) => ({
    status: 200,
    body: { status: 'success', message: 'Token notifikasi berhasil disimpan.', data: await notifications.saveToken(currentUser(req), body) },
  }));
  route(router, 'delete', '/notification/token', async ({ req, body }) => {
    const deactivated = await notifications.deactivateToken(currentUser(req), body.token);
    return { status: 200, body: { status: 'success', message: deactivated ? 'Token notifikasi dinonaktifkan.' : 'Token notifikasi sudah tidak aktif.' } };
  });
  route(router, 'post', '/notification/test', async ({ req, body }) => ({
    status: 200,
    body: { status: 'success', message: 'Test push notifikasi selesai.', dry_run: false, summary: await notifications.testOwn(currentUser(req), body) },
  }));
  route(router, 'post', '/notification/test-push', async ({ body }) => ({ status: 200, body: await notifications.testPush(body) }));
  route(router, 'post', '/notification/push', async ({ body }) => ({
    status: 200,
    body: { status: 'success', message: 'Pengiriman notifikasi selesai.', dry_run: false, summary: await notifications.push(body) },
  }));
  return router;
}
