// Billing for payment partners, through HTTP: every error_code of the API-key operations, and a
// payment recorded exactly once however many partners race for it.
import { afterAll, beforeAll, describe, expect, it, type RunnerTask as Task, type RunnerTestSuite as Suite } from 'vitest';
import { DEMO_API_KEY } from '../../../server/demo/constants.js';
import { generateInvoices } from '../../../server/invoices/generate.js';
import { invoiceRepository } from '../../../server/invoices/repository.js';
import { apiKeyRepository } from '../../../server/keys/repository.js';
import { apiKeyService } from '../../../server/keys/service.js';
import { deref, loadBundle, type JsonObject } from '../../../lib/spec/bundle.js';
import { login } from '../../support/accounts.js';
import { capturingLogger, startApp, type TestApp } from '../../support/app.js';
import { databaseKinds, overlappingWrites, POSTGRES_URL } from '../../support/databases.js';
import { eventually } from '../../support/timeouts.js';

const ALL_CODES = (deref(loadBundle(), { $ref: '#/components/schemas/ErrorCode' }) as JsonObject).enum as string[];

describe.each(await databaseKinds())('billing on %s', (kind) => {
  let app: TestApp;
  const seen = new Set<string>();
  const key = { apiKey: DEMO_API_KEY };
  /** A billing request; records the error_code it got. */
  const call = async (method: string, path: string, body?: unknown, options: { apiKey?: string; headers?: Record<string, string> } = key) => {
    const response = await app.request(method, path, body, options);
    if (response.body?.error_code) seen.add(response.body.error_code);
    return response;
  };
  /** An unpaid invoice number of the customer. */
  const unpaidOf = async (noServices: string) => (await call('GET', `/billing/unpaid?no_services=${noServices}`)).body.data[0].invoice as number;

  beforeAll(async () => {
    app = await startApp(kind, {}, { TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('the API key', () => {
    it('is required (400), must be known and active (403), and may be limited to addresses (403)', async () => {
      expect((await call('GET', '/billing/unpaid?no_services=ISP00123', undefined, {})).body).toMatchObject({ status: false, error_code: 'API_KEY_MISSING' });
      expect((await call('GET', '/billing/unpaid?no_services=ISP00123', undefined, { apiKey: 'jwi_not_a_key' })).status).toBe(403);

      const keys = apiKeyService(apiKeyRepository(app.ctx.db), app.clock);
      const limited = await keys.create('office only', '10.0.0.0/8, 2001:db8::/32');
      const denied = await call('GET', '/billing/unpaid?no_services=ISP00123', undefined, { apiKey: limited.key });
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({ status: false, error_code: 'IP_NOT_ALLOWED', message: 'Alamat IP 127.0.0.1 tidak diizinkan untuk API key ini.' });
      // Behind the trusted (loopback) proxy, the client address comes from X-Forwarded-For.
      const proxied = await call('GET', '/billing/unpaid?no_services=ISP00123', undefined, { apiKey: limited.key, headers: { 'X-Forwarded-For': '10.1.2.3' } });
      expect(proxied.status).toBe(200);

      await keys.revoke({ id: limited.row.id });
      expect((await call('GET', '/billing/unpaid?no_services=ISP00123', undefined, { apiKey: limited.key, headers: { 'X-Forwarded-For': '10.1.2.3' } })).body.error_code).toBe('API_KEY_INVALID');
    });

    it('limits the requests of one key to all API-key operations together (429 RATE_LIMITED, Retry-After), not another key\'s', async () => {
      const server = await startApp(kind, {}, { RATE_LIMIT_API_KEY: '3/60' });
      try {
        const keys = apiKeyService(apiKeyRepository(server.ctx.db), server.clock);
        const [spent, other] = [(await keys.create('spent')).key, (await keys.create('other')).key];
        const lookup = (apiKey: string) => server.get('/billing/unpaid?no_services=28900001', { apiKey });
        const unpaid = String((await lookup(spent)).body.data[0].invoice);
        expect([(await lookup(spent)).status, (await lookup(spent)).status]).toEqual([200, 200]);
        for (const [method, path, body] of [
          ['GET', '/billing/unpaid?no_services=ISP00123'], ['GET', '/billing/detail?no_services=ISP00123'],
          ['POST', '/billing/mark-as-paid', { invoice: unpaid, no_services: '28900001', reference_no: 'LIMITED' }],
          ['POST', '/notification/test-push', { no_services: 'ISP00123' }], ['POST', '/notification/push', { title: 't', body: 'b', no_services: 'ISP00123' }],
        ] as const) {
          const limited = await server.request(method, path, body, { apiKey: spent });
          expect([limited.status, limited.body.error_code], `${method} ${path}`).toEqual([429, 'RATE_LIMITED']);
          expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
          seen.add(limited.body.error_code);
        }
        expect((await lookup(other)).status).toBe(200);
        // The limited payment was not made.
        const invoice = await server.ctx.db.selectFrom('invoices').select('status').where('number', '=', Number(unpaid)).executeTakeFirstOrThrow();
        expect(invoice.status).toBe('unpaid');
      } finally {
        await server.close();
      }
    });

    it('names the key (its id and prefix, never the key) and the client address in the log line of a key operation', async () => {
      const log = capturingLogger();
      const server = await startApp(kind, { logger: log.logger });
      try {
        const partner = await apiKeyService(apiKeyRepository(server.ctx.db), server.clock).create('logged');
        expect((await server.get('/billing/unpaid?no_services=ISP00123', { apiKey: partner.key })).status).toBe(200);
        expect((await server.get('/billing/unpaid?no_services=ISP00123', { apiKey: 'jwi_wrong_key_typed_by_hand' })).status).toBe(403);
        const requests = await eventually(() => log.lines().filter((line) => line.msg === 'request'), (lines) => lines.length === 2);
        expect(requests[0]).toMatchObject({ status: 200, client: '127.0.0.1', apiKey: { id: partner.row.id, prefix: partner.key.slice(0, 12) } });
        expect(requests[1]).toMatchObject({ status: 403, client: '127.0.0.1' });
        expect(requests[1]).not.toHaveProperty('apiKey');
        expect(log.text()).not.toContain(partner.key);
        expect(log.text()).not.toContain('jwi_wrong_key_typed_by_hand');
      } finally {
        await server.close();
      }
    });

    it('is not replaced by a customer\'s bearer token (a user cannot call partner operations)', async () => {
      const token = await login(app);
      for (const [method, path, body] of [['GET', '/billing/unpaid?no_services=ISP00123'], ['POST', '/notification/push', { title: 'a', body: 'b', no_services: 'ISP00123' }]] as const) {
        const response = await call(method, path, body, { headers: { Authorization: `Bearer ${token}` } });
        expect(response.status).toBe(400);
        expect(response.body.error_code).toBe('API_KEY_MISSING');
      }
    });

    it('guards the API-key notification operations too', async () => {
      const response = await call('POST', '/notification/push', { title: 'a', body: 'b', no_services: 'ISP00123' }, {});
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe('API_KEY_MISSING');
    });
  });

  describe('GET /billing/unpaid and /billing/detail', () => {
    it('list the unpaid invoices of a customer, with their lines', async () => {
      const response = await call('GET', '/billing/unpaid?no_services=28900001');
      expect(response.body.status).toBe(true);
      expect(response.body.data.every((i: { status: string; payment_date: null }) => i.status === 'BELUM BAYAR' && i.payment_date === null)).toBe(true);
      expect(response.body.data[0].detail.map((l: { category: string }) => l.category)).toEqual(['Internet', 'Tax']);
    });

    it('find invoices by number, one or several', async () => {
      const [a, b] = (await call('GET', '/billing/detail?no_services=28900001')).body.data.map((i: { invoice: number }) => i.invoice);
      const both = await call('GET', `/billing/detail?invoice=${a},${b}`);
      expect(both.body.data.map((i: { invoice: number }) => i.invoice)).toEqual([a, b]);
      expect((await call('GET', `/billing/detail?invoice=${a}&no_services=28900001`)).body.data).toHaveLength(1);
    });

    it.each([
      ['/billing/detail', 'NO_SERVICES_OR_INVOICE_REQUIRED', 400],
      ['/billing/unpaid', 'NO_SERVICES_REQUIRED', 400],
      ['/billing/unpaid?no_services=NOSUCH99', 'NO_SERVICES_NOT_REGISTERED', 404],
      ['/billing/detail?no_services=NOSUCH99', 'NO_SERVICES_NOT_REGISTERED', 404],
      ['/billing/unpaid?no_services=ISP00123&month=1&year=2020', 'NO_BILLS_IN_PERIOD', 404],
      ['/billing/unpaid?no_services=ISP00123&month=2&year=2026', 'ALL_BILLS_PAID', 404],
      ['/billing/detail?no_services=ISP00123&month=2&year=2026&status=unpaid', 'ALL_BILLS_PAID', 404],
      ['/billing/detail?invoice=999999999', 'INVOICE_NOT_FOUND', 404],
      ['/billing/detail?no_services=28900001&status=SUDAH%20BAYAR&month=2&year=2026', 'FILTER_RESULT_EMPTY', 404],
      ['/billing/unpaid?no_services=28900001&status=paid&month=2&year=2026', 'FILTER_RESULT_EMPTY', 404],
      ['/billing/unpaid?no_services=bad%20number', 'INVALID_NO_SERVICES_FORMAT', 422],
      [`/billing/detail?no_services=${'A'.repeat(41)}`, 'INVALID_NO_SERVICES_FORMAT', 422],
      ['/billing/detail?invoice=12a', 'INVALID_INVOICE_FORMAT', 422],
      // Up to 12 digits, beyond the 32-bit integer column of PostgreSQL: not found (it was a 500).
      ['/billing/detail?invoice=2147483648', 'INVOICE_NOT_FOUND', 404],
      ['/billing/detail?invoice=999999999999,230100001', 'INVOICE_NOT_FOUND', 404],
      ['/billing/detail?invoice=1234567890123', 'INVALID_INVOICE_FORMAT', 422],
      [`/billing/detail?invoice=${Array.from({ length: 51 }, (_, i) => 230100001 + i).join(',')}`, 'INVALID_INVOICE_FORMAT', 422],
      ['/billing/unpaid?no_services=ISP00123&status=lunas', 'INVALID_STATUS_FILTER', 422],
      ['/billing/unpaid?no_services=ISP00123&month=0', 'INVALID_MONTH', 422],
      ['/billing/detail?no_services=ISP00123&month=x', 'INVALID_MONTH', 422],
      ['/billing/unpaid?no_services=ISP00123&year=1999', 'INVALID_YEAR', 422],
    ])('GET %s answers %s', async (path, code, status) => {
      const response = await call('GET', path);
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ status: false, error_code: code });
    });

    it('finds the invoice of the other filters when the invoice number exists but the period does not match', async () => {
      const invoice = await unpaidOf('28900001');
      expect((await call('GET', `/billing/detail?invoice=${invoice}&year=2001`)).body.error_code).toBe('FILTER_RESULT_EMPTY');
    });
  });

  describe('POST /billing/mark-as-paid', () => {
    it('marks the invoice paid once; detail then shows it paid with its reference', async () => {
      const invoice = await unpaidOf('28900001');
      const paid = await call('POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: 'REF-ONCE' });
      expect(paid.body).toEqual({ status: true, message: 'Tagihan berhasil diperbarui menjadi sudah dibayar' });
      const again = await call('POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: 'REF-TWICE' });
      expect(again.status).toBe(409);
      expect(again.body.error_code).toBe('INVOICE_ALREADY_PAID');
      const [shown] = (await call('GET', `/billing/detail?invoice=${invoice}`)).body.data;
      expect(shown).toMatchObject({ status: 'SUDAH BAYAR', reference_no: 'REF-ONCE', payment_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    });

    it('takes the invoice number as billing/unpaid gives it (an integer) as well as text', async () => {
      const [first] = (await call('GET', '/billing/unpaid?no_services=28900001')).body.data;
      expect(typeof first.invoice).toBe('number');
      const paid = await call('POST', '/billing/mark-as-paid', { invoice: first.invoice, no_services: '28900001', reference_no: 'REF-AS-READ' });
      expect(paid.status).toBe(200);
      const again = await call('POST', '/billing/mark-as-paid', { invoice: String(first.invoice), no_services: '28900001', reference_no: 'REF-AS-TEXT' });
      expect(again.body.error_code).toBe('INVOICE_ALREADY_PAID');
      for (const invoice of [0, -5, 1.5, 1_000_000_000_000, '12ab', true]) {
        const refused = await call('POST', '/billing/mark-as-paid', { invoice, no_services: '28900001', reference_no: 'REF-BAD' });
        expect({ invoice, status: refused.status, code: refused.body.error_code }).toEqual({ invoice, status: 422, code: 'VALIDATION_FAILED' });
      }
    });

    it('records the key that paid, and shows the payment reference to that key only', async () => {
      const partner = await apiKeyService(apiKeyRepository(app.ctx.db), app.clock).create('payer');
      const invoice = await unpaidOf('28900001');
      expect((await call('POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: 'REF-PAYER' }, { apiKey: partner.key })).status).toBe(200);
      const row = await app.ctx.db.selectFrom('invoices').select(['reference_no', 'paid_by_key_id']).where('number', '=', invoice).executeTakeFirstOrThrow();
      expect(row).toEqual({ reference_no: 'REF-PAYER', paid_by_key_id: partner.row.id });
      const [own] = (await call('GET', `/billing/detail?invoice=${invoice}`, undefined, { apiKey: partner.key })).body.data;
      expect([own.status, own.reference_no]).toEqual(['SUDAH BAYAR', 'REF-PAYER']);
      // Another partner walking the invoice numbers sees that it is paid, not the payer's reference.
      const [other] = (await call('GET', `/billing/detail?invoice=${invoice}`)).body.data;
      expect([other.status, other.reference_no]).toEqual(['SUDAH BAYAR', null]);
    });

    it('tells the customer: an fcm_invoice_paid notification appears', async () => {
      const invoice = await unpaidOf('28900001');
      await call('POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: 'REF-NOTIFY' });
      const token = await login(app, 'siti@example.com');
      const list = await app.get('/notification?type=fcm_invoice_paid', { token });
      expect(list.body.data.some((n: { reference_id: number }) => n.reference_id === invoice)).toBe(true);
    });

    it('gives exactly one 200 to 50 partners paying the same invoice at once, and stores one payment', async () => {
      const invoice = await unpaidOf('28900001');
      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        call('POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: `RACE-${i}` })));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const winner = responses.findIndex((r) => r.status === 200);
      const row = await app.ctx.db.selectFrom('invoices').select(['status', 'reference_no']).where('number', '=', invoice).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'paid', reference_no: `RACE-${winner}` });
      const notifications = await app.ctx.db.selectFrom('notifications').select('id').where('type', '=', 'fcm_invoice_paid').where('reference_id', '=', invoice).execute();
      expect(notifications).toHaveLength(1);
    });

    // The race above is left to chance: on PostgreSQL a check-then-update payment slipped through it
    // in 2 runs of 6. Here every payment has read the invoice unpaid before any of them may write (a
    // lock the test holds on the table until all of them wait at their UPDATE), so one run always
    // catches a payment that does not decide in its UPDATE. SQLite has one connection: statements
    // never overlap there, and the test above proves the answers and what is stored.
    it.skipIf(kind !== 'postgres')('pays once when every payment has read the invoice unpaid before any of them writes', async () => {
      await generateInvoices(invoiceRepository(app.ctx.db), 1, 2031, app.clock); // the tests above paid Siti's invoices
      const invoice = await unpaidOf('28900001');
      const contenders = 5; // the test app's pool: every payment holds a connection while it waits
      const payments = await overlappingWrites(POSTGRES_URL, `${app.ctx.database.schema}.invoices`, contenders, (i) =>
        call('POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: `FORCED-${i}` }));
      const statuses = payments.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(contenders - 1);
    });

    it.each([
      [{ invoice: '2602001', no_services: 'NOSUCH99', reference_no: 'R' }, 'NO_SERVICES_NOT_REGISTERED', 404],
      [{ invoice: '999999999', no_services: '28900001', reference_no: 'R' }, 'INVOICE_NOT_FOUND', 404],
      [{ invoice: 'JOHN', no_services: '28900001', reference_no: 'R' }, 'VALIDATION_FAILED', 422],
      [{ invoice: '999999999999', no_services: '28900001', reference_no: 'R' }, 'INVOICE_NOT_FOUND', 404],
      [{ invoice: '1234567890123', no_services: '28900001', reference_no: 'R' }, 'VALIDATION_FAILED', 422],
      [{ no_services: '28900001', reference_no: 'R' }, 'VALIDATION_FAILED', 422],
      [{ invoice: '1', no_services: '28900001', reference_no: '' }, 'VALIDATION_FAILED', 422],
      [{ invoice: '1', no_services: 'bad no', reference_no: 'R' }, 'INVALID_NO_SERVICES_FORMAT', 422],
    ])('%j answers %s', async (body, code, status) => {
      const response = await call('POST', '/billing/mark-as-paid', body);
      expect(response.status).toBe(status);
      expect(response.body.error_code).toBe(code);
    });

    it('answers INVOICE_SERVICE_MISMATCH for an invoice of another customer', async () => {
      const johns = (await call('GET', '/billing/detail?no_services=ISP00123')).body.data[0].invoice;
      const response = await call('POST', '/billing/mark-as-paid', { invoice: String(johns), no_services: '28900001', reference_no: 'R' });
      expect(response.status).toBe(404);
      expect(response.body.error_code).toBe('INVOICE_SERVICE_MISMATCH');
    });

    it('answers a body that is not JSON in the billing envelope', async () => {
      const response = await app.request('POST', '/billing/mark-as-paid', undefined, { ...key, raw: '{"invoice":', headers: { 'Content-Type': 'application/json' } });
      expect(response.status).toBe(422);
      expect(response.body.error_code).toBe('VALIDATION_FAILED');
    });
  });

  it('produced every error_code of the ErrorCode enum', ({ task, skip }) => {
    // The codes come from the tests above: under -t filtering some did not run, so there is nothing to check.
    const tests = (suite: Suite): Task[] => suite.tasks.flatMap((t) => (t.type === 'suite' ? tests(t) : [t]));
    const filtered = tests(task.suite!).filter((t) => t !== task && t.mode !== 'run');
    if (filtered.length > 0) skip(`${filtered.length} test(s) of the file were filtered out`);
    expect([...seen].sort()).toEqual([...ALL_CODES].sort());
  });
});
