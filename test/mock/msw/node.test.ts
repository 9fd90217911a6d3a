// The MSW handlers (generated/msw.ts) in msw/node, driven by the typed client as a frontend team's
// vitest or jest suite would: the default outcome, an outcome chosen by a test or by the request's
// Prefer header, a typed override, missing credentials, and invalid requests, which the handlers
// must refuse exactly as the reference server does (same status, same body), since both answer
// with the spec's validator and lib/spec/refusals.ts.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJwiClient } from '../../../generated/client.js';
import { createJwiMocks, type ResponseBody } from '../../../generated/msw.js';
import { DEMO_API_KEY } from '../../../server/demo/constants.js';
import { loadBundle, type JsonObject } from '../../../lib/spec/bundle.js';
import { responseExample } from '../../support/examples.js';
import { startApp, type TestApp } from '../../support/app.js';
import { customerScreen } from './page/customer-screen.js';

const spec = loadBundle();
const example = (method: string, path: string, status: number, name: string) => responseExample(spec, `${method} ${path}`, status, name);

// An origin of its own: the reference server this test also starts is reached with fetch in the
// same process, and must not be answered by the handlers.
const API = 'http://jwi.mock/api';
const jwi = createJwiMocks({ baseUrl: API });
const server = setupServer(...jwi.handlers);
// Made before the server listens, as an app's module-level client is: the client must send with the
// fetch msw/node puts in place, not the one there was when it was made.
const client = createJwiClient({ baseUrl: API, token: 'any-token' });
const partner = createJwiClient({ baseUrl: API, apiKey: 'any-key' });

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('the handlers answer the typed client', () => {
  it('with the first success example of each operation by default', async () => {
    const { data, response } = await client.GET('/customer');
    expect(response.status).toBe(200);
    expect(data).toEqual(example('GET', '/customer', 200, 'customer'));
    const unpaid = await partner.GET('/billing/unpaid', { params: { query: { no_services: '28900001' } } });
    expect(unpaid.data).toEqual(example('GET', '/billing/unpaid', 200, 'unpaid_invoices'));
  });

  it('with the outcome a test chose by operation, status and example name', async () => {
    server.use(jwi.outcome('GET /customer', 404, 'not_subscribed'), jwi.outcome('GET /customer/network-status', 200, 'isolir'));
    const { error, response } = await client.GET('/customer');
    expect(response.status).toBe(404);
    expect(error).toEqual(example('GET', '/customer', 404, 'not_subscribed'));
    const status = await client.GET('/customer/network-status', { params: { query: { no_services: 'ISP00123' } } });
    expect(status.data).toEqual(example('GET', '/customer/network-status', 200, 'isolir'));
  });

  it('with a status\'s first example when the test names none, and a documented header (Retry-After of the 429)', async () => {
    server.use(jwi.outcome('POST /auth/login', 429));
    const { error, response } = await client.POST('/auth/login', { body: { identifier: 'john@example.com', password: 'rahasia123' } });
    expect(response.status).toBe(429);
    expect(error).toEqual(example('POST', '/auth/login', 429, 'too_many_attempts'));
    expect(response.headers.get('Retry-After')).toBe('60');
  });

  it('with the outcome the request asks for in the mock\'s Prefer header', async () => {
    const { error, response } = await client.GET('/customer', { headers: { Prefer: 'code=404, example=not_subscribed' } });
    expect(response.status).toBe(404);
    expect(error).toEqual(example('GET', '/customer', 404, 'not_subscribed'));
    const paid = await partner.POST('/billing/mark-as-paid', {
      body: { invoice: '230130001', no_services: '28900001', reference_no: 'REF1' },
      headers: { Prefer: 'code=409' },
    });
    expect([paid.response.status, paid.error]).toEqual([409, example('POST', '/billing/mark-as-paid', 409, 'invoice_already_paid')]);
  });

  it('with a body of the test\'s own, typed by the spec (tsc refuses one the spec does not allow)', async () => {
    const { customer } = example('GET', '/customer', 200, 'customer') as ResponseBody<'GET /customer', 200>;
    server.use(jwi.override('GET /customer', 200, { status: 'success', message: 'Data pelanggan ditemukan.', customer: { ...customer, name: 'Budi' } }));
    const { data } = await client.GET('/customer');
    expect(data?.customer.name).toBe('Budi');
  });

  it('refuses an override whose body breaks the contract, and an outcome the spec does not document', () => {
    // @ts-expect-error: the 404 of GET /customer is the status envelope, not a customer
    expect(() => jwi.override('GET /customer', 404, { customer: {} })).toThrow(/override of GET \/customer 404: the body breaks the contract/);
    // @ts-expect-error: GET /customer documents no 409
    expect(() => jwi.outcome('GET /customer', 409)).toThrow('GET /customer has no outcome 409; documented: 200 (customer); 401 (unauthenticated); 404 (not_subscribed); 500 (server_error)');
    // @ts-expect-error: no such example
    expect(() => jwi.outcome('GET /customer', 404, 'not_subscribd')).toThrow(/has no outcome 404 not_subscribd/);
    // @ts-expect-error: no such operation
    expect(() => jwi.outcome('GET /customers', 200)).toThrow(/no operation GET \/customers in the contract/);
  });

  it('answers a Prefer the spec does not document with MSW\'s 500 naming the documented outcomes', async () => {
    const { response, error } = await client.GET('/customer', { headers: { Prefer: 'code=404, example=nope' } });
    expect(response.status).toBe(500);
    expect((error as { message?: string }).message).toMatch(/GET \/customer has no outcome 404 nope; documented: .*404 \(not_subscribed\)/);
  });

  it('answers under the configured base URL only', async () => {
    const other = createJwiMocks({ baseUrl: 'https://api.jwi.id/api' });
    server.use(other.outcome('GET /region', 500));
    expect((await createJwiClient({ baseUrl: 'https://api.jwi.id/api' }).GET('/region')).response.status).toBe(500);
    expect((await client.GET('/region')).response.status).toBe(200);
  });
});

describe('a screen of the app, tested against the handlers', () => {
  it('shows the customer, and the not-subscribed state when the API says so', async () => {
    expect(await customerScreen(client)).toEqual({ state: 'customer', text: 'John Doe · ISP00123' });
    server.use(jwi.outcome('GET /customer', 404, 'not_subscribed'));
    expect(await customerScreen(client)).toEqual({ state: 'not_subscribed', text: 'Pengguna belum memiliki data pelanggan terdaftar.' });
    expect(await customerScreen(createJwiClient({ baseUrl: API }))).toEqual({ state: 'signed_out', text: 'Silakan masuk.' });
  });
});

describe('the handlers refuse what the reference server refuses, with the same answer', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startApp('sqlite');
    token = (await app.post('/auth/login', { identifier: 'john@example.com', password: 'rahasia123' })).body.token;
  }, 60_000);
  afterAll(() => app?.close());

  /** The same request to the reference server (with its real credentials) and to the handlers (with any). */
  async function both(method: string, path: string, init: { body?: string | (() => FormData); contentType?: string; credentials?: boolean } = {}) {
    const op = Object.entries((spec.paths as JsonObject)[path.split('?')[0]!] as JsonObject).find(([m]) => m === method.toLowerCase())![1] as JsonObject;
    const apiKey = JSON.stringify(op.security ?? []).includes('apiKey');
    const answer = async (base: string, credentials: Record<string, string>) => {
      const headers: Record<string, string> = { Accept: 'application/json', ...(init.credentials === false ? {} : credentials) };
      if (init.contentType) headers['Content-Type'] = init.contentType;
      const body = typeof init.body === 'function' ? init.body() : init.body;
      const response = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      return { status: response.status, body: await response.json() as unknown };
    };
    return {
      reference: await answer(`${app.baseUrl}/api`, apiKey ? { 'X-MYWIFI-KEY': DEMO_API_KEY } : { Authorization: `Bearer ${token}` }),
      handlers: await answer(API, apiKey ? { 'X-MYWIFI-KEY': 'any-key' } : { Authorization: 'Bearer any-token' }),
    };
  }

  const json = 'application/json';
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.append(name, value);
    return data;
  };
  it.each([
    ['a missing field', 'POST', '/auth/login', { body: '{"identifier":"john@example.com"}', contentType: json }],
    ['fields of the wrong type and format', 'POST', '/auth/register', { body: '{"name":1,"email":"not-an-email","password":"x","password_confirmation":"x"}', contentType: json }],
    ['none of the fields of which one is required', 'POST', '/help/close', { body: '{}', contentType: json }],
    ['a body that is not JSON', 'POST', '/auth/login', { body: 'identifier=john', contentType: 'application/x-www-form-urlencoded' }],
    ['broken JSON', 'POST', '/auth/login', { body: '{"identifier":', contentType: json }],
    ['a missing required query parameter', 'GET', '/package', {}],
    ['a query parameter of the wrong type', 'GET', '/package?company_id=abc', {}],
    ['a query parameter out of range', 'GET', '/invoice?month=13', {}],
    ['a billing query without no_services (400 in the billing envelope)', 'GET', '/billing/unpaid', {}],
    ['a billing query with a month out of range', 'GET', '/billing/unpaid?no_services=28900001&month=13', {}],
    ['a billing body without its fields', 'POST', '/billing/mark-as-paid', { body: '{}', contentType: json }],
    ['a bearer operation without a token', 'GET', '/customer', { credentials: false }],
    ['an upload sent as JSON', 'POST', '/customer/profile-photo', { body: '{}', contentType: json }],
    ['an upload with text where the photo goes', 'POST', '/customer/profile-photo', { body: () => form({ photo: 'not a file' }) }],
    ['an upload without the photo', 'POST', '/customer/profile-photo', { body: () => form({ caption: 'me' }) }],
  ] as const)('%s: %s %s', async (_, method, path, init) => {
    const { reference, handlers } = await both(method, path, init);
    expect(reference.status).toBeGreaterThanOrEqual(400);
    expect(handlers).toEqual(reference);
  });

  it('an API-key operation without a key: 400 API_KEY_MISSING, as the real API answers', async () => {
    const { reference, handlers } = await both('GET', '/billing/unpaid?no_services=28900001', { credentials: false });
    expect(reference).toMatchObject({ status: 400, body: { status: false, error_code: 'API_KEY_MISSING' } });
    expect(handlers).toEqual({ status: 400, body: example('GET', '/billing/unpaid', 400, 'api_key_missing') });
  });
});
