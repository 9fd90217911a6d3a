// What a request may carry that the validator lets through: a NUL character (U+0000) in any string
// of its body or query, refused with a 422 naming the field, in the operation's family, before
// anything reads it (PostgreSQL's text cannot hold one: it answered 500; SQLite would store it); a
// query number not written as decimal digits (`0x10`, `1e3`), which the validator's coercion read
// as a number (422); a query integer of Infinity or 1e400 (422); an id beyond the 32-bit columns,
// which names nothing (PostgreSQL answered 500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../server/demo/constants.js';
import { DEMO, login, newUser, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

const NUL = '\u0000';

describe.each(await databaseKinds())('request values on %s', (kind) => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startApp(kind);
    token = await login(app);
  });
  afterAll(() => app?.close());

  describe('a NUL character', () => {
    it.each([
      ['login identifier', 'POST', '/auth/login', () => ({ identifier: `john${NUL}@example.com`, password: DEMO.password }), 'identifier'],
      ['register name', 'POST', '/auth/register', () => newUser({ name: `Evil${NUL}Name` }), 'name'],
      ['forgot-password customer number', 'POST', '/auth/forgot-password', () => ({ no_services: `ISP${NUL}00123` }), 'no_services'],
      ['ticket text', 'POST', '/help', () => ({ help_type: 1, help_solution: 1, description: `Internet${NUL} mati` }), 'description'],
      ['device token', 'POST', '/notification/token', () => ({ token: `device${NUL}token`, platform: 'android' }), 'token'],
      ['address', 'PUT', '/customer/address', () => ({ address: `Jl. ${NUL}Merdeka` }), 'address'],
    ] as const)('%s: 422 naming the field', async (_label, method, path, body, field) => {
      const response = await app.request(method, path, body(), { token });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual({ [field]: [`The ${field.replace(/_/g, ' ')} may not contain a NUL character.`] });
    });

    it('in a nested field and in the query too', async () => {
      const list = await app.get(`/help?status=pending${encodeURIComponent(NUL)}`, { token });
      expect([list.status, list.body.errors]).toEqual([422, { status: ['The status may not contain a NUL character.'] }]);
    });

    it.each([
      ['push tokens', 'POST', '/notification/push', { title: 'T', body: 'B', tokens: [`a${NUL}b`] }, 422, undefined, 'tokens'],
      ['push data', 'POST', '/notification/push', { title: 'T', body: 'B', no_services: 'ISP00123', data: { k: `v${NUL}` } }, 422, undefined, 'data.k'],
      ['reference_no', 'POST', '/billing/mark-as-paid', { invoice: '2602002', no_services: '28900001', reference_no: `REF${NUL}1` }, 422, 'VALIDATION_FAILED', undefined],
      ['a billing customer number', 'GET', `/billing/unpaid?no_services=ISP${encodeURIComponent(NUL)}`, undefined, 422, 'INVALID_NO_SERVICES_FORMAT', undefined],
    ] as const)('API key, %s: 422 in the operation\'s family', async (_label, method, path, body, status, errorCode, field) => {
      const response = await app.request(method, path, body, { apiKey: DEMO_API_KEY });
      expect(response.status).toBe(status);
      if (errorCode) expect(response.body.error_code).toBe(errorCode);
      if (field) expect(Object.keys(response.body.errors)).toEqual([field]);
    });

    it('stores nothing', async () => {
      const email = newUser().email;
      expect((await app.post('/auth/register', newUser({ email, address: `a${NUL}` }))).status).toBe(422);
      expect(await app.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
      const invoice = await app.ctx.db.selectFrom('invoices').select('status').where('number', '=', 2602002).executeTakeFirstOrThrow();
      expect(invoice.status).toBe('unpaid');
    });
  });

  describe('a query number not written as decimal digits, or not finite', () => {
    it.each([
      ['/notification?page=0x10', 'page'], ['/notification?page=1e3', 'page'], ['/notification?per_page=%201', 'per_page'],
      ['/notification?per_page=%2B5', 'per_page'], ['/invoice?month=2.0&year=2026', 'month'], ['/help/timeline?id=0b1', 'id'],
      ['/notification?per_page=Infinity', 'per_page'], ['/notification?page=1e400', 'page'], ['/invoice?year=Infinity', 'year'],
      ['/help?year=-Infinity', 'year'], ['/help/timeline?id=Infinity', 'id'], ['/package?company_id=1e400', 'company_id'],
      [`/notification?page=1${'0'.repeat(400)}`, 'page'],
    ])('%s: 422, the field must be an integer', async (path, field) => {
      const response = await app.get(path, { token });
      expect([response.status, response.body.errors]).toEqual([422, { [field]: [`The ${field.replace(/_/g, ' ')} must be an integer.`] }]);
    });

    it('digits, a leading zero and a minus sign are numbers', async () => {
      expect((await app.get('/invoice?month=02&year=2026', { token })).status).toBe(200);
      expect((await app.get('/notification?page=-1', { token })).body.errors).toEqual({ page: ['The page must be at least 1.'] });
    });

    it('a billing month of 2.0: INVALID_MONTH', async () => {
      const response = await app.get('/billing/unpaid?no_services=ISP00123&month=2.0&year=2026', { apiKey: DEMO_API_KEY });
      expect([response.status, response.body.error_code]).toEqual([422, 'INVALID_MONTH']);
    });
  });

  describe('numbers storage cannot take', () => {
    it('a billing month of Infinity: INVALID_MONTH', async () => {
      const response = await app.get('/billing/unpaid?no_services=ISP00123&month=Infinity', { apiKey: DEMO_API_KEY });
      expect([response.status, response.body.error_code]).toEqual([422, 'INVALID_MONTH']);
    });

    it('an id beyond the 32-bit columns names nothing, as an unknown id', async () => {
      const big = 99999999999;
      expect((await app.get(`/package?company_id=${big}`)).body.errors).toEqual({ company_id: ['The selected company id is invalid.'] });
      expect((await app.get(`/help/timeline?id=${big}`, { token })).status).toBe(404);
      expect((await app.post('/help/close', { id: big, remark: 'done' }, { token })).status).toBe(404);
      expect((await app.post('/help', { help_type: big, help_solution: 1, description: 'x' }, { token })).body.errors).toEqual({ help_type: ['The selected help type is invalid.'] });
      expect((await app.put('/customer/change-id-card', { id_type_id: big, id_number: '3201010101010009' }, { token })).status).toBe(403); // John's identity is verified
      const { token: newcomer } = await registerUser(app);
      const subscribe = await app.post('/customer', { package_id: big, company_id: 1, id_type_id: big, id_number: '3201010101010009' }, { token: newcomer });
      expect(subscribe.body.errors).toEqual({ id_type_id: ['The selected id type id is invalid.'] });
      const unknownPackage = await app.post('/customer', { package_id: big, company_id: 1, id_type_id: 1, id_number: '3201010101010009' }, { token: newcomer });
      expect(unknownPackage.status).toBe(404);
    });
  });
});

