// The typed client (generated/client.ts) compiles against the generated types and, against the
// running Prism mock, returns typed bodies for success and error outcomes. Type-level checks are
// verified by `tsc` (part of `npm test`); the calls below verify the runtime behaviour.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createJwiClient, type components } from '../../generated/client.js';
import { TINY_PNG } from '../../lib/spec/examples.js';
import { startMock } from '../support/servers.js';
import { type RunningServer } from '../../lib/processes.js';

type Schemas = components['schemas'];
let mock: RunningServer;

beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.stop());

const prefer = (outcome: string) => ({ headers: { Prefer: outcome } });

describe('createJwiClient', () => {
  it('sends the bearer token and returns the typed success body', async () => {
    const client = createJwiClient({ baseUrl: mock.baseUrl, token: 'a-token' });
    const { data, error, response } = await client.GET('/customer');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data!.customer).toEqualTypeOf<Schemas['Customer']>();
    expect(data!.customer.no_services).toBe('ISP00123');
    expect(data!.customer.id_card_verified_date).toBeNull();
  });

  it('returns the typed error body of a documented error outcome', async () => {
    const client = createJwiClient({ baseUrl: mock.baseUrl, token: 'a-token' });
    const { data, error, response } = await client.GET('/customer', prefer('code=404, example=not_subscribed'));
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    const typed: Schemas['Unauthenticated'] | Schemas['StatusNotSubscribed'] | Schemas['ServerError'] | undefined = error;
    expect(typed).toEqual({ status: 'not_subscribed', message: 'Pengguna belum memiliki data pelanggan terdaftar.' });
  });

  it('answers 401 when no token is set, and uses a token set later', async () => {
    const client = createJwiClient({ baseUrl: mock.baseUrl });
    expect((await client.GET('/auth/me')).response.status).toBe(401);
    client.setToken('a-token');
    const { data } = await client.GET('/auth/me');
    expect(data?.email).toBe('john@example.com');
  });

  it('sends the API key on billing operations, with typed error codes', async () => {
    const client = createJwiClient({ baseUrl: mock.baseUrl, apiKey: 'a-key' });
    const unpaid = await client.GET('/billing/unpaid', { params: { query: { no_services: 'ISP00123' } } });
    expect(unpaid.data?.data[0]?.invoice).toBe(230130001);

    const paid = await client.POST('/billing/mark-as-paid', {
      body: { invoice: '230130001', no_services: '28900001', reference_no: 'REF1' },
      ...prefer('code=409, example=invoice_already_paid'),
    });
    expect(paid.response.status).toBe(409);
    expect(paid.error && 'error_code' in paid.error).toBe(true);
    if (paid.error && 'error_code' in paid.error) {
      const code: Schemas['ErrorCode'] = paid.error.error_code;
      expect(code).toBe('INVOICE_ALREADY_PAID');
    }
  });

  it('uploads the profile photo as multipart/form-data', async () => {
    const client = createJwiClient({ baseUrl: mock.baseUrl, token: 'a-token' });
    const { data, response } = await client.uploadProfilePhoto(new Blob([TINY_PNG], { type: 'image/png' }), 'me.png');
    expect(response.status).toBe(201);
    expect(data?.url).toMatch(/\/assets\/images\/profile\//);
  });

  it('sends a JSON body on DELETE', async () => {
    const client = createJwiClient({ baseUrl: mock.baseUrl, token: 'a-token' });
    const { data, response } = await client.DELETE('/notification/token', { body: { token: 'fcm_token_abc123' } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
  });
});

// Requests the spec forbids do not compile. Never called: tsc checks it, vitest does not run it.
export function requestsTheSpecForbids(client: ReturnType<typeof createJwiClient>) {
  // @ts-expect-error company_id is a required query parameter
  void client.GET('/package', { params: { query: {} } });
  // @ts-expect-error a login needs its password
  void client.POST('/auth/login', { body: { identifier: 'john@example.com' } });
  // @ts-expect-error reference_no is required
  void client.POST('/billing/mark-as-paid', { body: { invoice: '1', no_services: 'A' } });
  // @ts-expect-error there is no such path
  void client.GET('/customers');
  // @ts-expect-error a customer's email is changed with PUT
  void client.POST('/customer/email', { body: { email: 'a@b.co' } });
}
