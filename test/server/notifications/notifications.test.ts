// Device tokens, the notification list and sending, through HTTP, with the real FCM sender talking
// to a fake FCM on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fcmPushSender } from '../../../server/adapters/fcm.js';
import { DEMO_API_KEY } from '../../../server/demo/constants.js';
import { startFakeFcm, type FakeFcm } from '../../fakes/fcm.js';
import { registerCustomer, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';
import { PATIENT_MS } from '../../support/timeouts.js';

describe.each(await databaseKinds())('notifications on %s', (kind) => {
  let app: TestApp;
  let fcm: FakeFcm;
  const key = { apiKey: DEMO_API_KEY };
  const register = (token: string, device: string, auth: string) =>
    app.post('/notification/token', { token, platform: 'android', device_name: device, app_version: '2.4.0' }, { token: auth });

  beforeAll(async () => {
    fcm = await startFakeFcm();
    app = await startApp(kind, { pushSender: fcmPushSender({ serviceAccount: fcm.serviceAccount, baseUrl: fcm.url, timeoutMs: PATIENT_MS }) });
  });
  afterAll(async () => {
    await app?.close();
    await fcm?.close();
  });

  describe('device tokens', () => {
    it('registers a token, updates its device, and moves it to the user who registers it last', async () => {
      const a = await registerUser(app);
      const b = await registerUser(app);
      const created = await register('tok-shared-1', 'Pixel 8', a.token);
      expect(created.body.data).toMatchObject({ platform: 'android', device_name: 'Pixel 8', is_active: true });
      const updated = await register('tok-shared-1', 'Pixel 9', a.token);
      expect(updated.body.data).toMatchObject({ id: created.body.data.id, device_name: 'Pixel 9' });
      await register('tok-shared-1', 'Pixel 9', b.token);
      expect((await app.post('/notification/test', {}, { token: a.token })).status).toBe(404);
      expect((await app.post('/notification/test', {}, { token: b.token })).status).toBe(200);
    });

    it('deactivates idempotently, and only the user\'s own token', async () => {
      const owner = await registerUser(app);
      const other = await registerUser(app);
      await register('tok-own-1', 'Phone', owner.token);
      expect((await app.delete('/notification/token', { token: 'tok-own-1' }, { token: other.token })).body.message).toBe('Token notifikasi sudah tidak aktif.');
      expect((await app.delete('/notification/token', { token: 'tok-own-1' }, { token: owner.token })).body.message).toBe('Token notifikasi dinonaktifkan.');
      expect((await app.delete('/notification/token', { token: 'tok-own-1' }, { token: owner.token })).body.message).toBe('Token notifikasi sudah tidak aktif.');
      expect((await app.post('/notification/test', {}, { token: owner.token })).status).toBe(404);
    });

    it('keeps at most 10 active tokens per user, the ones registered last: a push reaches 10 devices, not 40', async () => {
      const { token } = await registerUser(app);
      const id = Math.random().toString(36).slice(2);
      for (let i = 1; i <= 12; i++) expect((await register(`tok-cap-${id}-${i}`, `Phone ${i}`, token)).status).toBe(200);
      const sent = await app.post('/notification/test', {}, { token });
      expect(sent.body.summary.target).toBe(10);
      const active = async () => (await app.ctx.db.selectFrom('fcm_tokens').select('token').where('token', 'like', `tok-cap-${id}-%`)
        .where('is_active', '=', 1).orderBy('id').execute()).map((t) => Number(t.token.split('-').at(-1)));
      expect(await active()).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      // An old device registering again is among the last registered; the least recent other one goes.
      await register(`tok-cap-${id}-1`, 'Phone 1', token);
      expect(await active()).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    });

    it('requires the token, as a JSON body', async () => {
      const { token } = await registerUser(app);
      expect((await app.post('/notification/token', { platform: 'ios' }, { token })).body.errors).toEqual({ token: ['The token field is required.'] });
      expect((await app.post('/notification/token', { token: 't', platform: 'symbian' }, { token })).body.errors).toEqual({ platform: ['The selected platform is invalid.'] });
      expect((await app.delete('/notification/token', undefined, { token })).status).toBe(422);
    });
  });

  describe('POST /notification/test', () => {
    it('sends to every active token, records each delivery, and deactivates unregistered tokens', async () => {
      const { token } = await registerUser(app);
      await register('tok-good-1', 'A', token);
      await register('tok-gone-1', 'B', token);
      await register('tok-flaky-1', 'C', token);
      fcm.behaviour.set('tok-gone-1', 'unregistered');
      fcm.behaviour.set('tok-flaky-1', 'server-error');
      const response = await app.post('/notification/test', { title: 'Halo', body: 'Tes', data: { source: 'app' } }, { token });
      expect(response.body).toMatchObject({ status: 'success', dry_run: false, summary: { target: 3, success: 1, failed: 2, invalid_tokens: 1 } });
      expect(fcm.sent.at(-1)).toMatchObject({ token: 'tok-good-1', title: 'Halo', body: 'Tes', data: { source: 'app' } });

      const [notification] = (await app.get('/notification', { token })).body.data;
      expect(notification).toMatchObject({ type: 'fcm_test', title: 'Halo', summary: { total: 3, sent: 1, failed: 2, pending: 0 } });
      const failed = notification.deliveries.filter((d: { status: string }) => d.status === 'failed');
      expect(failed.map((d: { error_message: string }) => d.error_message).sort()).toEqual(['Requested entity was not found.', 'The service is currently unavailable.']);
      expect(notification.deliveries.every((d: { token: string }) => d.token.length <= 17)).toBe(true);

      // The unregistered token is gone; the flaky one is kept.
      const again = await app.post('/notification/test', {}, { token });
      expect(again.body.summary.target).toBe(2);
    });

    it('answers 404 without tokens, 422 when FCM refuses the message, 500 when FCM refuses the credentials', async () => {
      const { token } = await registerUser(app);
      expect((await app.post('/notification/test', {}, { token })).body).toEqual({ status: 'not_found', message: 'Belum ada token perangkat terdaftar.' });
      await register('tok-picky-1', 'A', token);
      fcm.behaviour.set('tok-picky-1', 'invalid-message');
      const refused = await app.post('/notification/test', {}, { token });
      expect(refused.status).toBe(422);
      expect(refused.body.status).toBe('failed');
      fcm.behaviour.set('tok-picky-1', 'ok');
      fcm.refuseCredentials = true;
      const sender = fcmPushSender({ serviceAccount: fcm.serviceAccount, baseUrl: fcm.url, timeoutMs: PATIENT_MS });
      const fresh = await startApp(kind, { pushSender: sender });
      try {
        const other = await registerUser(fresh);
        await fresh.post('/notification/token', { token: 'tok-any-1' }, { token: other.token });
        const broken = await fresh.post('/notification/test', {}, { token: other.token, expectServerError: true });
        expect(broken.status).toBe(500);
      } finally {
        fcm.refuseCredentials = false;
        await fresh.close();
      }
    });
  });

  describe('GET /notification', () => {
    it('pages newest first and filters by type and delivery status', async () => {
      const { token } = await registerUser(app);
      await register('tok-list-1', 'A', token);
      for (const title of ['one', 'two', 'three']) await app.post('/notification/test', { title }, { token });
      fcm.behaviour.set('tok-list-1', 'server-error');
      await app.post('/notification/test', { title: 'four' }, { token });

      const page1 = (await app.get('/notification?per_page=3', { token })).body;
      expect(page1.data.map((n: { title: string }) => n.title)).toEqual(['four', 'three', 'two']);
      expect(page1.pagination).toEqual({ current_page: 1, per_page: 3, total: 4, last_page: 2 });
      expect((await app.get('/notification?per_page=3&page=2', { token })).body.data.map((n: { title: string }) => n.title)).toEqual(['one']);
      const failed = (await app.get('/notification?status=failed', { token })).body;
      expect(failed.data.map((n: { title: string }) => n.title)).toEqual(['four']);
      expect(failed.filters).toEqual({ type: null, status: 'failed' });
      expect((await app.get('/notification?type=fcm_invoice_paid', { token })).body.data).toEqual([]);
      expect((await app.get('/notification?per_page=101', { token })).status).toBe(422);
    });

    it.each(['99999999999999999999', '461168601842738784', '9007199254740993', 'Infinity', '1e400'])('never fails on page=%s (an offset beyond any integer)', async (page) => {
      const { token } = await registerUser(app);
      const response = await app.get(`/notification?page=${page}&per_page=100`, { token });
      // Past the last page there is nothing (a `maximum` in the spec makes it a 422 before the handler).
      expect([200, 422]).toContain(response.status);
      if (response.status === 200) expect(response.body.data).toEqual([]);
    });
  });

  describe('API-key sending', () => {
    it('test-push resolves the targets and sends nothing by default', async () => {
      const { token, noServices } = await registerCustomer(app);
      await register('tok-cust-1', 'A', token);
      await register('tok-cust-2', 'B', token);
      const sentBefore = fcm.sent.length;
      const dry = await app.post('/notification/test-push', { no_services: noServices, title: 'Test Notif', body: 'Isi', data: { source: 'ci3' } }, key);
      expect(dry.body).toEqual({
        status: 'success', message: 'Dry run berhasil. Target token ditemukan dan siap dikirim.', dry_run: true,
        resolved: { no_services: noServices, email: null, matched_tokens: 2 },
        payload_preview: { title: 'Test Notif', body: 'Isi', data: { source: 'ci3' } },
      });
      expect(fcm.sent.length).toBe(sentBefore);
      const real = await app.post('/notification/test-push', { no_services: noServices, dry_run: false }, key);
      expect(real.body).toMatchObject({ dry_run: false, summary: { target: 2, success: 2 } });
    });

    it('push reaches a customer by number or email, and registered tokens by value', async () => {
      const a = await registerCustomer(app);
      const b = await registerUser(app);
      await register('tok-push-a', 'A', a.token);
      await register('tok-push-b', 'B', b.token);
      const byEmail = await app.post('/notification/push', { email: a.user.email, title: 'Pembayaran Berhasil', body: 'Terima kasih' }, key);
      expect(byEmail.body.summary).toEqual({ target: 1, success: 1, failed: 0, invalid_tokens: 0 });
      const both = await app.post('/notification/push', { no_services: a.noServices, tokens: ['tok-push-b', 'tok-unknown'], title: 'T', body: 'B' }, key);
      expect(both.body.summary.target).toBe(2);
      expect((await app.get('/notification?type=fcm_push', { token: b.token })).body.data).toHaveLength(1);
    });

    it('answers 404 when no target has a token, and 422 without a target', async () => {
      const { noServices } = await registerCustomer(app);
      expect((await app.post('/notification/test-push', { no_services: noServices }, key)).body).toEqual({ status: 'not_found', message: 'Target token tidak ditemukan.' });
      expect((await app.post('/notification/push', { no_services: 'NOSUCH99', title: 'T', body: 'B' }, key)).status).toBe(404);
      expect((await app.post('/notification/test-push', { title: 'T' }, key)).status).toBe(422);
      expect((await app.post('/notification/push', { title: 'T', body: 'B' }, key)).status).toBe(422);
      expect((await app.post('/notification/push', { no_services: noServices, title: 'T' }, key)).body.errors).toEqual({ body: ['The body field is required.'] });
    });
  });
});
