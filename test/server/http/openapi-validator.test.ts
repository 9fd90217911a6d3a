// The spec's validator in the server, with its two switches: VALIDATE_REQUESTS (on unless turned
// off) and VALIDATE_RESPONSES (on outside production). What each one changes, seen over HTTP.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PASSWORD } from '../../../server/demo/constants.js';
import { startApp, type TestApp } from '../../support/app.js';

const john = DEMO_CUSTOMERS[0]!;

describe('the spec validator in the server', () => {
  let app: TestApp | undefined;
  afterEach(() => app?.close());

  async function start(validateRequests: boolean, validateResponses: boolean): Promise<{ app: TestApp; token: string }> {
    app = await startApp('sqlite', {}, { VALIDATE_REQUESTS: String(validateRequests), VALIDATE_RESPONSES: String(validateResponses) });
    const login = await app.post('/auth/login', { identifier: john.email, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    return { app, token: login.body.token };
  }

  /** Stores a customer email the spec does not allow (format: email), as a broken backend would. */
  async function breakJohnsEmail(app: TestApp): Promise<void> {
    await sql`update customers set email = 'not an email' where no_services = ${john.no_services}`.execute(app.ctx.db);
  }

  const getCustomer = (app: TestApp, token: string) => fetch(`${app.baseUrl}/api/customer`, { headers: { Authorization: `Bearer ${token}` } });

  it('answers 500 with a request id, not a body that breaks the contract, when responses are validated', async () => {
    const { app, token } = await start(true, true);
    await breakJohnsEmail(app);
    const response = await getCustomer(app, token);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Terjadi error internal server.', request_id: response.headers.get('x-request-id') });
  });

  it('answers 500, not an error body that breaks the contract, when responses are validated', async () => {
    const { app, token } = await start(true, true);
    // The 409 of subscribing again names the customer number, which the spec allows only letters, digits, _ and - in.
    await sql`update customers set no_services = 'not a number!' where no_services = ${john.no_services}`.execute(app.ctx.db);
    const response = await app.post('/customer', { package_id: 2, company_id: 1, id_type_id: 1, id_number: '3201010101010009' }, { token, expectServerError: true });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ message: 'Terjadi error internal server.', request_id: response.headers.get('x-request-id') });
  });

  it('sends the body as it is when response validation is off (the production default), and still checks requests', async () => {
    const { app, token } = await start(true, false);
    await breakJohnsEmail(app);
    const response = await getCustomer(app, token);
    expect(response.status).toBe(200);
    expect((await response.json()).customer.email).toBe('not an email');
    const invalid = await app.post('/auth/login', { identifier: john.email });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toHaveProperty('password');
  });

  it('serves every kind of operation with both switches off', async () => {
    const { app, token } = await start(false, false);
    expect((await app.get('/customer', { token })).status).toBe(200);
    expect((await app.get('/invoice?status=all', { token })).status).toBe(200);
    expect((await app.get('/region')).status).toBe(200);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const form = new FormData();
    form.append('photo', new Blob([png], { type: 'image/png' }), 'me.png');
    const upload = await fetch(`${app.baseUrl}/api/customer/profile-photo`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    expect(upload.status).toBe(201);
  });
});
