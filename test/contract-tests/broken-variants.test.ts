// The suite catches what it claims to catch: deliberately broken variants of the reference server
// (a proxy that alters its answers) each fail the run, under the check that names the breakage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../contract-tests/runner.js';
import { startAlteringProxy, type Alteration } from '../fakes/altering-proxy.js';
import { startReferenceTarget, type ReferenceTarget } from './target.js';

let target: ReferenceTarget;
let validToken = '';

beforeAll(async () => {
  target = await startReferenceTarget();
  validToken = (await target.app.post('/auth/login', { identifier: 'siti@example.com', password: 'rahasia123' })).body.token;
}, 60_000);
afterAll(() => target?.close());

const on = (method: string, path: string, status: number, change: (body: any) => { status: number; body: unknown }): Alteration => ({
  response: (exchange, actual, body) => (exchange.method === method && exchange.path === `/api${path}` && actual === status ? change(body) : undefined),
});

const VARIANTS: [string, string[], Alteration, string][] = [
  ['drops a required field', ['listRegions'], on('GET', '/region', 200, ({ message, ...rest }) => ({ status: 200, body: rest })), 'response_schema_conformance'],
  ['sends a wrong type', ['getCustomer'], on('GET', '/customer', 200, (b) => ({ status: 200, body: { ...b, customer: { ...b.customer, phone: String(b.customer.phone) } } })), 'response_schema_conformance'],
  ['answers an undocumented status', ['getHelpOptions'], on('GET', '/help/options', 200, (b) => ({ status: 418, body: b })), 'status_code_conformance'],
  ['answers 500', ['listRegions'], on('GET', '/region', 200, () => ({ status: 500, body: { message: 'Internal Server Error' } })), 'not_a_server_error'],
  ['does not check the token', ['getCurrentUser'], {
    request: (exchange) => (exchange.path === '/api/auth/me' ? { ...exchange.headers, authorization: `Bearer ${validToken}` } : exchange.headers),
  }, 'ignored_auth'],
  ['gives a wrong error_code', ['getUnpaidBills'], on('GET', '/billing/unpaid', 404, (b) => ({ status: 404, body: { ...b, error_code: 'INVOICE_ALREADY_PAID' } })), 'error_code_conformance'],
  ['adds an undeclared field', ['getCustomer'], on('GET', '/customer', 200, (b) => ({ status: 200, body: { ...b, debug: { sql: 'select 1' } } })), 'response_schema_conformance'],
];

describe.each(VARIANTS)('a server that %s', (_, only, alteration, check) => {
  it(`fails the run under ${check}`, async () => {
    const proxy = await startAlteringProxy(target.app.baseUrl, alteration);
    try {
      const outcome = await runSuite({ ...target.config, baseUrl: `${proxy.url}/api`, only, examples: 3, failOnUncovered: false });
      expect(outcome.passed).toBe(false);
      expect(outcome.results.failures.map((f) => f.check)).toContain(check);
      const failure = outcome.results.failures.find((f) => f.check === check)!;
      expect(failure.curl).toMatch(/^curl -X [A-Z]+ 'http:\/\/127\.0\.0\.1:\d+\/api\//);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('--tolerate-extra-fields', () => {
  it('accepts the undeclared field, and only that', async () => {
    const proxy = await startAlteringProxy(target.app.baseUrl, VARIANTS[6]![2]);
    try {
      const outcome = await runSuite({ ...target.config, baseUrl: `${proxy.url}/api`, only: ['getCustomer'], examples: 3, failOnUncovered: false, tolerateExtraFields: true });
      expect(outcome.results.failures.filter((f) => f.check === 'response_schema_conformance')).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
