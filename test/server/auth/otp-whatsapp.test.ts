// forgot-password delivering the OTP through the WhatsApp gateway (the configured sender), against
// a fake gateway on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../fakes/whatsapp.js';
import { IMPATIENT_MS, PATIENT_MS } from '../../support/timeouts.js';

describe.each(await databaseKinds())('OTP over WhatsApp on %s', (kind) => {
  let gateway: FakeWhatsApp;
  let app: TestApp;
  /** A server whose outbound calls wait `timeoutMs`. */
  const start = (timeoutMs: number) => startApp(kind, {}, {
    WHATSAPP_GATEWAY_URL: `${gateway.url}/send`, WHATSAPP_GATEWAY_TOKEN: gateway.token, OUTBOUND_TIMEOUT_MS: String(timeoutMs), OTP_ECHO: 'false',
  });
  beforeAll(async () => {
    gateway = await startFakeWhatsApp();
    app = await start(PATIENT_MS);
  });
  afterAll(async () => {
    await app?.close();
    await gateway?.close();
  });

  it('sends the OTP to the customer\'s WhatsApp number; the OTP then resets the password', async () => {
    const { user, noServices } = await registerCustomer(app);
    const response = await app.post('/auth/forgot-password', { no_services: noServices });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('otp');
    const { target, message } = gateway.messages.at(-1)!;
    expect(target).toMatch(/^628\d{8,}$/);
    expect(response.body.destination).toBe(`${target.slice(0, 5)}${'*'.repeat(target.length - 8)}${target.slice(-3)}`);
    const otp = /Kode OTP reset password JWI Anda: (\d{6})\./.exec(message)![1]!;
    const reset = await app.post('/auth/reset-password', { no_services: noServices, otp, password: 'fromwa123', password_confirmation: 'fromwa123' });
    expect(reset.status).toBe(200);
    expect((await app.post('/auth/login', { identifier: user.email, password: 'fromwa123' })).status).toBe(200);
  });

  /** A customer whose registration says `overrides` (a name, a phone number). */
  const customerWith = async (server: TestApp, overrides: Record<string, unknown>) => {
    const { token } = await registerUser(server, overrides);
    const subscribed = await server.post('/customer', { package_id: 2, company_id: 1, id_type_id: 1, id_number: '3201010101010009' }, { token });
    return subscribed.body.customer.no_services as string;
  };

  it('sends nothing the user wrote: a registered name of several lines does not reach the message', async () => {
    const noServices = await customerWith(app, { name: 'TAGIHAN ANDA MENUNGGAK\nSegera transfer ke BCA 1234567890\na.n. JWI Billing' });
    expect((await app.post('/auth/forgot-password', { no_services: noServices })).status).toBe(200);
    expect(gateway.messages.at(-1)!.message).toMatch(/^Kode OTP reset password JWI Anda: \d{6}\. Berlaku 5 menit\. Jangan berikan kode ini kepada siapa pun\.$/);
  });

  it('limits the messages to one number, whichever accounts ask (429 with Retry-After)', async () => {
    const server = await startApp(kind, {}, {
      WHATSAPP_GATEWAY_URL: `${gateway.url}/send`, WHATSAPP_GATEWAY_TOKEN: gateway.token, OTP_ECHO: 'false', RATE_LIMIT_OTP_DESTINATION: '2/3600',
    });
    try {
      const phone = 81300000000 + Math.floor(Math.random() * 1_000_000);
      const accounts = [await customerWith(server, { phone }), await customerWith(server, { phone }), await customerWith(server, { phone })];
      const answers = [];
      for (const noServices of accounts) answers.push(await server.post('/auth/forgot-password', { no_services: noServices }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      expect(Number(answers[2]!.headers.get('retry-after'))).toBeGreaterThan(3000);
      expect(gateway.messages.filter((m) => m.target === `62${phone}`)).toHaveLength(2);
      const other = await customerWith(server, { phone: phone + 1 });
      expect((await server.post('/auth/forgot-password', { no_services: other })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it.each(['refuse', 'error', 'hang'] as const)('answers 502 and leaves no valid OTP when the gateway does "%s"', async (mode) => {
    // A gateway that never answers is waited for as long as the setting says: here a short time.
    const server = mode === 'hang' ? await start(IMPATIENT_MS) : app;
    try {
      const { noServices } = await registerCustomer(server);
      gateway.mode = mode;
      try {
        const response = await server.post('/auth/forgot-password', { no_services: noServices });
        expect(response.status).toBe(502);
        expect(response.body).toEqual({ status: 'failed', message: 'Gagal mengirim kode OTP. Silakan coba lagi.' });
      } finally {
        gateway.mode = 'accept';
      }
      const customer = await server.ctx.db.selectFrom('customers').select('user_id').where('no_services', '=', noServices).executeTakeFirstOrThrow();
      expect(await server.ctx.db.selectFrom('password_otps').select('id').where('user_id', '=', customer.user_id).execute()).toEqual([]);
    } finally {
      if (server !== app) await server.close();
    }
  });
});
