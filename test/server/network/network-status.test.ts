// GET /customer/network-status, asked of a fake MikroTik router over the RouterOS API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { login, registerCustomer } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';
import { startFakeRouter, type FakeRouter } from '../../fakes/routeros.js';
import { freePort } from '../../../lib/processes.js';
import { IMPATIENT_MS, PATIENT_MS } from '../../support/timeouts.js';

describe.each(await databaseKinds())('network status on %s', (kind) => {
  let app: TestApp;
  let router: FakeRouter;
  let token: string;
  const status = (noServices = 'ISP00123', auth = token) => app.get(`/customer/network-status?no_services=${noServices}`, { token: auth });
  const pointRouterAt = (port: number, target = app) => target.ctx.db.updateTable('routers').set({ host: '127.0.0.1', port, username: 'api', password: 'secret' }).where('id', '=', 1).execute();

  beforeAll(async () => {
    router = await startFakeRouter();
    app = await startApp(kind, {}, { ROUTEROS_TIMEOUT_MS: String(PATIENT_MS) });
    token = await login(app);
  });
  beforeEach(async () => {
    router.secrets.clear();
    router.active.clear();
    router.silent = false;
    await pointRouterAt(router.port);
  });
  afterAll(async () => {
    await app?.close();
    await router?.close();
  });

  it('is online with IP and uptime when a PPP session is active', async () => {
    router.secrets.set('john_pppoe', { profile: 'REG50M' });
    router.active.set('john_pppoe', { address: '10.10.10.2', uptime: '1w1d2h3m4s' });
    const response = await status();
    expect(response.body.data).toEqual({
      no_services: 'ISP00123', name: 'John Doe', mode: 'PPPOE', router: { alias: 'RT-01' },
      customer: { user_mikrotik: 'john_pppoe', user_profile: 'REG50M' },
      connection: { status: 'online', is_online: true, ip_address: '10.10.10.2', uptime: { raw: '1w1d2h3m4s', seconds: 698584, human: '1w 1d 2h 3m 4s' }, notes: [] },
      usage: null, session: null,
    });
  });

  it('is offline without a session', async () => {
    router.secrets.set('john_pppoe', { profile: 'REG50M' });
    expect((await status()).body.data.connection).toEqual({ status: 'offline', is_online: false, ip_address: null, uptime: null, notes: [] });
  });

  it('is isolir when the secret is disabled or on the isolation profile', async () => {
    router.secrets.set('john_pppoe', { profile: 'REG50M', disabled: true });
    router.active.set('john_pppoe', { address: '10.10.10.2', uptime: '5m' });
    expect((await status()).body.data.connection).toMatchObject({ status: 'isolir', is_online: false });
    router.secrets.set('john_pppoe', { profile: 'ISOLIR' });
    const isolated = (await status()).body.data;
    expect(isolated.connection.status).toBe('isolir');
    expect(isolated.customer.user_profile).toBe('ISOLIR');
  });

  it('answers 404 not_found_on_router when the router has no PPP secret for the customer', async () => {
    const response = await status();
    expect(response.status).toBe(404);
    expect(response.body.status).toBe('not_found_on_router');
  });

  it('answers 409 not_synced for a customer never synchronised to the router', async () => {
    const siti = await login(app, 'siti@example.com');
    const response = await status('28900001', siti);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ status: 'not_synced', message: 'User belum disinkronkan ke Mikrotik.' });
  });

  it('answers 404 not_found for a customer without a router', async () => {
    const customer = await registerCustomer(app);
    const response = await status(customer.noServices, customer.token);
    expect(response.status).toBe(404);
    expect(response.body.status).toBe('not_found');
  });

  it('answers 403 for a no_services of another account, existing or not', async () => {
    const stranger = await registerCustomer(app);
    for (const noServices of ['ISP00123', 'NOSUCH99']) {
      const response = await status(noServices, stranger.token);
      expect(response.status).toBe(403);
      expect(response.body.status).toBe('forbidden');
    }
  });

  it('answers 503 when the router refuses the connection, rejects the login or does not answer', async () => {
    await pointRouterAt(await freePort());
    expect((await status()).body).toEqual({ status: 'unreachable', message: 'Gagal terhubung ke router Mikrotik.' });
    await pointRouterAt(router.port);
    await app.ctx.db.updateTable('routers').set({ password: 'wrong' }).where('id', '=', 1).execute();
    expect((await status()).status).toBe(503);
    // A router that never answers: waited for as long as the setting says, here a short time.
    const impatient = await startApp(kind, {}, { ROUTEROS_TIMEOUT_MS: String(IMPATIENT_MS) });
    try {
      await pointRouterAt(router.port, impatient);
      router.silent = true;
      const response = await impatient.get('/customer/network-status?no_services=ISP00123', { token: await login(impatient) });
      expect(response.body).toEqual({ status: 'unreachable', message: 'Gagal terhubung ke router Mikrotik.' });
    } finally {
      await impatient.close();
    }
  });

  it('answers 422 for a malformed no_services', async () => {
    const response = await app.get('/customer/network-status?no_services=a%20b', { token });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual(['no_services']);
  });
});
