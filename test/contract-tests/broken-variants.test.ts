// The suite catches what it claims to catch: for every named check, a deliberately broken variant
// of the reference server (a proxy that alters its requests or answers) fails the run under that
// check, on the operation it alters; the same run through a proxy that alters nothing passes. Each
// run has a fresh target of its own (database, rate limits), so that one run's traffic cannot make
// another fail.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../contract-tests/checks/registry.js';
import type { SuiteConfig } from '../../contract-tests/config.js';
import { runSuite, type Phase } from '../../contract-tests/runner.js';
import { DEMO_API_KEY } from '../../server/demo/constants.js';
import { answerInstead, startAlteringProxy, type Alteration, type Answer, type ProxiedExchange } from '../fakes/altering-proxy.js';
import { startReferenceTarget } from './target.js';

// A hash as bcrypt writes it: what a leaking server would put in an answer.
const BCRYPT = '$2b$10$abcdefghijklmnopqrstuu1234567890ABCDEFGHIJKLMNOPQRSTU';
const API = '/api';
const bearerOf = (exchange: ProxiedExchange) => String(exchange.headers.authorization ?? '');

/** Answers `status` instead of what `method path` answered with `actual` (any status when omitted). */
const answer = (method: string, path: string, actual: number | undefined, change: (body: any) => Answer) => answerInstead(method, `${API}${path}`, actual, change);

/** A server that keeps honouring the tokens a request to `method path` should have ended: each is
 * swapped for a fresh valid one on the way in. */
const keepsTokens = (method: string, path: string): (valid: string) => Alteration => (valid) => {
  const ended = new Set<string>();
  return {
    request: (exchange) => (ended.has(bearerOf(exchange)) ? { headers: { ...exchange.headers, authorization: `Bearer ${valid}` } } : undefined),
    response: (exchange, status) => {
      if (exchange.method === method && exchange.path === `${API}${path}` && status === 200) ended.add(bearerOf(exchange));
      return undefined;
    },
  };
};

/** A server whose router folds case, slashes, percent-encoding and dot segments, but whose guards
 * match the exact path: a respelled path reaches the operation with no credentials checked. */
const routesLoosely = (valid: string): Alteration => ({
  request: (exchange) => {
    let canonical = decodeURIComponent(exchange.path).toLowerCase().replace(/\/+/g, '/');
    const segments: string[] = [];
    for (const segment of canonical.split('/')) {
      if (segment === '..') segments.pop();
      else if (segment !== '.') segments.push(segment);
    }
    canonical = segments.join('/').replace(/\/$/, '') || '/';
    if (canonical === exchange.path || !canonical.startsWith(`${API}/`)) return undefined;
    return { url: canonical + exchange.query, headers: { ...exchange.headers, authorization: `Bearer ${valid}`, 'x-mywifi-key': DEMO_API_KEY } };
  },
});

/** A server that stores the server-owned fields a registration sends, and shows them back. */
const storesOwnedFields = (): Alteration => {
  const sent = new Map<string, Record<string, unknown>>();
  const OWNED = ['uid', 'is_active', 'role_name'];
  return {
    request: (exchange) => {
      if (exchange.method === 'POST' && exchange.path === `${API}/auth/register`) {
        const body = JSON.parse(exchange.body.toString() || '{}') as Record<string, unknown>;
        sent.set(String(body.email).toLowerCase(), Object.fromEntries(OWNED.filter((f) => f in body).map((f) => [f, body[f]])));
      }
      return undefined;
    },
    response: (exchange, status, body) => {
      const stored = exchange.path === `${API}/auth/me` && status === 200 ? sent.get(String(body.email)) : undefined;
      return stored ? { status, body: { ...body, ...stored } } : undefined;
    },
  };
};

interface Variant {
  breakage: string;
  check: string;
  /** The operation whose requests fail the check. */
  operation: string;
  phases: Phase[];
  only?: string[];
  /** What the failure's case name says (which of a check's triggers it is). */
  name?: RegExp;
  /** The preflight refuses the broken target, with this message, before any check. */
  preflight?: RegExp;
  /** The suite's config and the server's settings, for both runs. */
  config?: Partial<SuiteConfig>;
  env?: Record<string, string>;
  alteration: (validToken: string, config: SuiteConfig) => Alteration;
}

/** A server that takes a request without, or with a wrong or forbidden, API key as the demo partner's. */
const acceptsKey = (which: (key: string | undefined, config: SuiteConfig) => boolean) => (_valid: string, config: SuiteConfig): Alteration => ({
  request: (exchange) => {
    const key = exchange.headers['x-mywifi-key'] as string | undefined;
    return exchange.path.startsWith(`${API}/billing/`) && which(key, config) ? { headers: { ...exchange.headers, 'x-mywifi-key': DEMO_API_KEY } } : undefined;
  },
});

/** A server whose tokens outlive a password reset: once a reset went through, every token it issued
 * is answered by GET /auth/me as its user, though the server refuses it. */
const keepsTokensAfterReset = (): Alteration => {
  const issued = new Map<string, unknown>();
  let resetDone = false;
  return {
    response: (exchange, status, body) => {
      if (exchange.path === `${API}/auth/reset-password` && status === 200) resetDone = true;
      if ((status === 200 || status === 201) && typeof body?.token === 'string') issued.set(`Bearer ${body.token}`, body.data);
      const user = issued.get(bearerOf(exchange));
      return resetDone && exchange.path === `${API}/auth/me` && status === 401 && user ? { status: 200, body: user } : undefined;
    },
  };
};

const VARIANTS: Variant[] = [
  { breakage: 'answers 500', check: 'not_a_server_error', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answer('GET', '/region', 200, () => ({ status: 500, body: { message: 'Internal Server Error' } })) },
  { breakage: 'answers 500 to a malformed multipart body', check: 'not_a_server_error', operation: 'POST /customer/profile-photo', phases: ['malformed'], only: ['uploadProfilePhoto'],
    alteration: answer('POST', '/customer/profile-photo', 422, (b) => (b.errors?.body ? { status: 500, body: { message: 'Malformed part header' } } : { status: 422, body: b })) },
  { breakage: 'answers 500 to a JSON body nested deeply', check: 'not_a_server_error', operation: 'PUT /customer/address', phases: ['malformed'], only: ['changeAddress'],
    alteration: () => ({ request: (exchange) => (exchange.path === `${API}/customer/address` && exchange.body.includes('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[')
      ? { answer: { status: 500, body: { message: 'Maximum call stack size exceeded' } } } : undefined) }) },
  { breakage: 'answers an undocumented status', check: 'status_code_conformance', operation: 'GET /help/options', phases: ['examples'], only: ['getHelpOptions'],
    alteration: answer('GET', '/help/options', 200, (b) => ({ status: 418, body: b })) },
  { breakage: 'answers JSON as text/plain', check: 'content_type_conformance', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answer('GET', '/region', 200, (b) => ({ status: 200, body: b, headers: { 'content-type': 'text/plain', 'x-request-id': 'altered' } })) },
  { breakage: 'drops Retry-After from its 429', check: 'response_headers_conformance', operation: 'POST /auth/login', phases: ['limits'],
    alteration: () => ({
      response: (exchange, status, body, headers) => {
        if (exchange.path !== `${API}/auth/login` || status !== 429) return undefined;
        const { 'retry-after': _, ...rest } = headers;
        return { status, body, headers: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)])) };
      },
    }) },
  { breakage: 'drops a required field', check: 'response_schema_conformance', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answer('GET', '/region', 200, ({ message: _, ...rest }) => ({ status: 200, body: rest })) },
  { breakage: 'gives a wrong error_code', check: 'error_code_conformance', operation: 'GET /billing/unpaid', phases: ['scenarios'],
    alteration: answer('GET', '/billing/unpaid', 404, (b) => ({ status: 404, body: { ...b, error_code: 'INVOICE_ALREADY_PAID' } })) },
  { breakage: 'accepts an invalid company_id', check: 'negative_data_rejection', operation: 'GET /package', phases: ['boundaries'], only: ['listPackages'],
    alteration: answer('GET', '/package', 422, () => ({ status: 200, body: { status: 'success', message: 'Data paket.', data: [] } })) },
  { breakage: 'refuses a valid address', check: 'positive_data_acceptance', operation: 'PUT /customer/address', phases: ['boundaries'], only: ['changeAddress'],
    alteration: answer('PUT', '/customer/address', 200, () => ({ status: 422, body: { message: 'The given data was invalid.', errors: { address: ['The address format is invalid.'] } } })) },
  { breakage: 'does not check the token', check: 'ignored_auth', operation: 'GET /auth/me', phases: ['auth'], only: ['getCurrentUser'],
    alteration: (valid) => ({ request: (exchange) => (exchange.path === `${API}/auth/me` ? { headers: { ...exchange.headers, authorization: `Bearer ${valid}` } } : undefined) }) },
  { breakage: 'keeps a logged-out token working', check: 'use_after_free', operation: 'GET /auth/me', phases: ['scenarios'],
    alteration: keepsTokens('POST', '/auth/logout') },
  { breakage: 'loses a ticket it just opened', check: 'ensure_resource_availability', operation: 'GET /help', phases: ['scenarios'],
    alteration: answer('GET', '/help', 200, (b) => ({ status: 200, body: { ...b, data: [] } })) },
  { breakage: 'shows another account its ticket', check: 'object_level_authorization', operation: 'GET /help/timeline', phases: ['scenarios'],
    alteration: answer('GET', '/help/timeline', 404, () => ({ status: 200, body: { status: 'success', message: 'Timeline tiket.', data: [] } })) },
  { breakage: 'changes a verified email', check: 'verified_field_lock', operation: 'PUT /customer/email', phases: ['scenarios'],
    alteration: answer('PUT', '/customer/email', 403, () => ({ status: 200, body: { status: 'success', message: 'Email diperbarui.' } })) },
  { breakage: 'takes a second payment of one invoice', check: 'stateful_behaviour', operation: 'POST /billing/mark-as-paid', phases: ['scenarios'],
    alteration: answer('POST', '/billing/mark-as-paid', 409, () => ({ status: 200, body: { status: true, message: 'Invoice berhasil ditandai lunas.' } })) },
  { breakage: 'routes case-insensitively without its guards', check: 'path_variant_bypass', operation: 'GET /billing/unpaid', phases: ['variants'], only: ['getUnpaidBills'],
    alteration: routesLoosely },
  { breakage: 'keeps tokens after a password change', check: 'token_revoked_on_password_change', operation: 'GET /auth/me', phases: ['scenarios'],
    alteration: keepsTokens('POST', '/auth/change-password') },
  { breakage: 'keeps tokens after a password reset', check: 'token_revoked_on_password_change', operation: 'GET /auth/me', phases: ['scenarios'],
    name: /before the reset/, alteration: keepsTokensAfterReset },
  { breakage: 'takes a request without an API key', check: 'ignored_auth', operation: 'GET /billing/unpaid', phases: ['auth'], only: ['getUnpaidBills'],
    name: /no API key/, alteration: acceptsKey((key) => key === undefined) },
  { breakage: 'takes a wrong API key', check: 'ignored_auth', operation: 'GET /billing/unpaid', phases: ['auth'], only: ['getUnpaidBills'],
    name: /a wrong API key/, alteration: acceptsKey((key) => key?.startsWith('jwi_wrong_') === true) },
  // The preflight tries the restricted key first: the run stops there, saying so.
  { breakage: 'takes a key from an address it is not allowed from', check: 'ignored_auth', operation: 'GET /billing/unpaid', phases: ['auth'], only: ['getUnpaidBills'],
    preflight: /restrictedApiKey should be refused with 403 from here, but the target answered 200/, alteration: acceptsKey((key, config) => key === config.restrictedApiKey) },
  { breakage: 'answers a method the path does not have', check: 'path_variant_bypass', operation: 'GET /region', phases: ['variants'], only: ['listRegions'],
    name: /^PATCH \/region$/,
    alteration: () => ({ request: (exchange) => (exchange.method === 'PATCH' ? { answer: { status: 200, body: { status: 'success', message: 'ok', data: [] } } } : undefined) }) },
  { breakage: 'stores a server-owned field sent in a body', check: 'mass_assignment', operation: 'GET /auth/me', phases: ['scenarios'],
    alteration: storesOwnedFields },
  { breakage: 'puts a password hash in an answer', check: 'sensitive_data_exposure', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answer('GET', '/region', 200, (b) => ({ status: 200, body: { ...b, message: `Daftar region (${BCRYPT})` } })) },
  { breakage: 'puts a secret field in an answer', check: 'sensitive_data_exposure', operation: 'GET /auth/me', phases: ['examples'], only: ['getCurrentUser'],
    alteration: answer('GET', '/auth/me', 200, (b) => ({ status: 200, body: { ...b, remember_token: 'f3a9c0d1e2' } })) },
  { breakage: 'puts a stack trace in an answer', check: 'sensitive_data_exposure', operation: 'GET /package', phases: ['boundaries'], only: ['listPackages'],
    alteration: answer('GET', '/package', 422, (b) => ({ status: 422, body: { ...b, message: 'TypeError: x is undefined\n    at listPackages (/srv/app/catalog.js:41:17)' } })) },
  { breakage: 'puts SQL in an answer', check: 'sensitive_data_exposure', operation: 'GET /package', phases: ['boundaries'], only: ['listPackages'],
    alteration: answer('GET', '/package', 422, (b) => ({ status: 422, body: { ...b, message: 'SQLSTATE[22P02]: invalid input syntax for type integer' } })) },
  { breakage: 'echoes the OTP outside a sandbox', check: 'sensitive_data_exposure', operation: 'POST /auth/forgot-password', phases: ['examples'], only: ['forgotPassword'],
    config: { otpEcho: false }, env: { OTP_ECHO: 'false' },
    alteration: answer('POST', '/auth/forgot-password', 200, (b) => ({ status: 200, body: { ...b, otp: '482913' } })) },
];

/** A run of the suite through a proxy over a fresh reference server. */
async function runThrough(variant: Variant, altered: boolean) {
  const target = await startReferenceTarget(variant.config, variant.env);
  const validToken = (await target.app.post('/auth/login', { identifier: 'siti@example.com', password: 'rahasia123' })).body.token as string;
  const proxy = await startAlteringProxy(target.app.baseUrl, altered ? variant.alteration(validToken, target.config) : {});
  try {
    const config: SuiteConfig = { ...target.config, baseUrl: `${proxy.url}/api`, examples: 3, failOnUncovered: false, ...(variant.only ? { only: variant.only } : {}) };
    return await runSuite(config, undefined, undefined, variant.phases);
  } finally {
    await proxy.close();
    await target.close();
  }
}

describe.each(VARIANTS)('a server that $breakage', (variant) => {
  it(`fails the run under ${variant.check} on ${variant.operation}, and passes unaltered`, async () => {
    const clean = await runThrough(variant, false);
    expect(clean.results.failures.map((f) => `[${f.check}] ${f.operation} ${f.name}`)).toEqual([]);
    if (variant.preflight) {
      await expect(runThrough(variant, true)).rejects.toThrow(variant.preflight);
      return;
    }
    const broken = await runThrough(variant, true);
    expect(broken.passed).toBe(false);
    const failure = broken.results.failures.find((f) => f.check === variant.check && f.operation === variant.operation && (!variant.name || variant.name.test(f.name)));
    expect(failure, `failures: ${broken.results.failures.map((f) => `[${f.check}] ${f.operation}`).join(', ')}`).toBeDefined();
    expect(failure!.curl).toMatch(/curl (--path-as-is )?-X [A-Z]+ 'http:\/\/127\.0\.0\.1:\d+\/api\//);
    expect(failure!.tier).not.toBe('reference');
  }, 120_000);
});

it('covers every check of the registry but the reference server\'s own findings (proven below and in faithful-variants)', () => {
  const proven = new Set(VARIANTS.map((v) => v.check));
  for (const check of CHECKS.filter((c) => c.tier !== 'reference')) expect(proven, check.name).toContain(check.name);
});

describe('an undeclared response property', () => {
  it('is undocumented_property: failed by the reference profile, listed but not failed by staging, gone with --exclude-checks', async () => {
    const target = await startReferenceTarget();
    const proxy = await startAlteringProxy(target.app.baseUrl, answer('GET', '/customer', 200, (b) => ({ status: 200, body: { ...b, debug: { build: 'x' } } }))());
    try {
      const config = { ...target.config, baseUrl: `${proxy.url}/api`, only: ['getCustomer'], examples: 3, failOnUncovered: false };
      const strict = await runSuite(config, undefined, undefined, ['examples']);
      expect(strict.results.failures.map((f) => `${f.check} ${f.tier}`)).toContain('undocumented_property reference');
      const staging = await runSuite({ ...config, profile: 'staging' }, undefined, undefined, ['examples']);
      expect(staging.results.failures).toEqual([]);
      expect(staging.passed).toBe(true);
      expect(staging.results.differences.map((d) => `${d.check} ${d.operation} ${d.actual.split(' in ')[0]}`)).toContain('undocumented_property GET /customer debug');
      const excluded = await runSuite({ ...config, excludeChecks: ['undocumented_property'] }, undefined, undefined, ['examples']);
      expect(excluded.results.failures).toEqual([]);
    } finally {
      await proxy.close();
      await target.close();
    }
  }, 120_000);
});
