// The suite holds another implementation only to the contract: faithful variants of the reference
// server, each differing where the reference is silent (a proxy changes what the reference server
// chose), pass the staging and production profiles; the reference profile, which also holds the
// reference server's own rules, flags the variants that break one of those, under the check and in
// the reference tier. Each run has a fresh target of its own.
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../contract-tests/checks/registry.js';
import type { Profile, SuiteConfig } from '../../contract-tests/config.js';
import { runSuite, type Phase } from '../../contract-tests/runner.js';
import { startAlteringProxy, type Alteration, type ProxiedExchange } from '../fakes/altering-proxy.js';
import { startReferenceTarget } from './target.js';

const API = '/api';
const STATED = new Set(['NO_SERVICES_NOT_REGISTERED', 'NO_BILLS_IN_PERIOD', 'ALL_BILLS_PAID', 'INVOICE_SERVICE_MISMATCH', 'INVOICE_ALREADY_PAID', 'INVALID_NO_SERVICES_FORMAT']);

/** `body` with `change` applied to every object in it, depth first; not to a validation error's
 * `errors`, a map of fields (a key there names a field in error, it is no field of the answer). */
function everyObject(body: unknown, change: (object: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (Array.isArray(body)) return body.map((item) => everyObject(item, change));
  if (body && typeof body === 'object') {
    return change(Object.fromEntries(Object.entries(body).map(([key, value]) => [key, key === 'errors' ? value : everyObject(value, change)])));
  }
  return body;
}

const jsonBody = (exchange: ProxiedExchange): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(exchange.body.toString()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** Every answer of the target, changed by `change` (status and headers kept). */
const answers = (change: (body: any, exchange: ProxiedExchange, status: number) => unknown): Alteration => ({
  response: (exchange, status, body, headers) => ({ status, body: change(body, exchange, status), headers: plain(headers) }),
});
const plain = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-length').map(([k, v]) => [k, String(v)]));

/** A server that lets a token replaced by a refresh live on: its requests carry the fresh token instead. */
function keepsRefreshedTokens(): Alteration {
  const replaced = new Map<string, string>();
  return {
    request: (exchange) => {
      const fresh = replaced.get(String(exchange.headers.authorization ?? ''));
      return fresh ? { headers: { ...exchange.headers, authorization: fresh } } : undefined;
    },
    response: (exchange, status, body) => {
      if (exchange.method === 'POST' && exchange.path === `${API}/auth/refresh` && status === 200) replaced.set(String(exchange.headers.authorization), `Bearer ${body.token}`);
      return undefined;
    },
  };
}

/** A server with stricter limits on logins and registrations: 4 per client in 2 seconds, answered
 * as Laravel's throttle answers (429, Retry-After, "Too Many Attempts."). */
function stricterLimits(): Alteration {
  const sent = new Map<string, number[]>();
  const WINDOW_MS = 2000;
  return {
    request: (exchange) => {
      if (exchange.method !== 'POST' || ![`${API}/auth/login`, `${API}/auth/register`].includes(exchange.path)) return undefined;
      const now = Date.now();
      const recent = (sent.get(exchange.path) ?? []).filter((t) => now - t < WINDOW_MS);
      if (recent.length >= 4) {
        return { answer: { status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'retry-after': String(Math.ceil((WINDOW_MS - (now - recent[0]!)) / 1000)) } } };
      }
      sent.set(exchange.path, [...recent, now]);
      return undefined;
    },
  };
}

interface Variant {
  difference: string;
  alteration: () => Alteration;
  phases: Phase[];
  /** What the reference profile reports, as `check tier`, when a rule of the reference server's own applies. */
  flagged?: `${string} ${Tier}`;
}

const VARIANTS: Variant[] = [
  { difference: 'adds a field to every object it returns', phases: ['scenarios', 'examples'],
    alteration: () => answers((body) => everyObject(body, (object) => ({ ...object, updated_at: '2026-12-06 10:00:00' }))),
    flagged: 'undocumented_property reference' },
  { difference: 'names the error codes the reference does not name otherwise', phases: ['scenarios', 'auth', 'boundaries'],
    alteration: () => answers((body) => (typeof body?.error_code === 'string' && !STATED.has(body.error_code) ? { ...body, error_code: `E_${body.error_code.toLowerCase()}` } : body)),
    flagged: 'error_code_conformance reference' },
  { difference: 'keeps the old token working after a refresh', phases: ['scenarios'], alteration: keepsRefreshedTokens,
    flagged: 'use_after_free reference' },
  { difference: 'answers the device-token operations and the test push with other bodies', phases: ['scenarios', 'examples'],
    alteration: () => answers((body, exchange, status) => {
      if (status !== 200 || !exchange.path.startsWith(`${API}/notification/`)) return body;
      if (exchange.path === `${API}/notification/token`) return { status: 'success', message: 'Token tersimpan.', token: { key: 'abc', active: 1 } };
      if (exchange.path === `${API}/notification/test`) return { status: 'success', message: 'Terkirim.', sent_to: 1 };
      return body;
    }),
    flagged: 'stateful_behaviour reference' },
  { difference: 'uses a value of each open enum the spec does not list', phases: ['scenarios', 'examples'],
    alteration: () => answers((body) => everyObject(body, (object) => {
      const out = { ...object };
      if (out.status === 'active') out.status = 'suspended';
      if (out.status === 'unpaid' && 'payment_codes' in out) out.status = 'overdue';
      if (out.status === 'process') out.status = 'waiting';
      return out;
    })),
    flagged: 'undocumented_enum_value reference' },
  { difference: 'words every message otherwise, but Laravel\'s fixed "Unauthenticated."', phases: ['scenarios', 'examples', 'boundaries', 'auth'],
    alteration: () => answers((body) => (body && typeof body.message === 'string' && body.message !== 'Unauthenticated.' ? { ...body, message: 'Pesan lain.' } : body)) },
  { difference: 'refuses an integer invoice on mark-as-paid with 422', phases: ['boundaries', 'workflows'],
    alteration: () => ({
      request: (exchange) => {
        const body = exchange.method === 'POST' && exchange.path === `${API}/billing/mark-as-paid` ? jsonBody(exchange) : undefined;
        return typeof body?.invoice === 'number' ? { body: Buffer.from(JSON.stringify({ ...body, invoice: 'not-text-digits' })) } : undefined;
      },
    }),
    flagged: 'positive_data_acceptance reference' },
  { difference: 'limits logins and registrations more strictly (429, Retry-After, "Too Many Attempts.")', phases: ['scenarios', 'examples'], alteration: stricterLimits },
];

async function runThrough(variant: Variant, profile: Profile) {
  const target = await startReferenceTarget();
  const proxy = await startAlteringProxy(target.app.baseUrl, variant.alteration());
  try {
    const config: SuiteConfig = { ...target.config, baseUrl: `${proxy.url}/api`, profile, examples: 3, failOnUncovered: false };
    return await runSuite(config, undefined, undefined, variant.phases);
  } finally {
    await proxy.close();
    await target.close();
  }
}

const findings = (outcome: Awaited<ReturnType<typeof runThrough>>) => outcome.results.failures.map((f) => `[${f.tier}: ${f.check}] ${f.operation} ${f.name}: ${f.expected}; seen ${f.actual.slice(0, 200)}`);

describe.each(VARIANTS)('a server that $difference', (variant) => {
  it.each(['staging', 'production'] as const)('passes the %s profile', async (profile) => {
    const outcome = await runThrough(variant, profile);
    expect(findings(outcome)).toEqual([]);
    expect(outcome.passed).toBe(true);
  }, 180_000);

  it(variant.flagged ? `is flagged by the reference profile: ${variant.flagged}` : 'passes the reference profile too (no rule of the reference server\'s applies)', async () => {
    const outcome = await runThrough(variant, 'reference');
    if (!variant.flagged) {
      expect(findings(outcome)).toEqual([]);
      return;
    }
    const [check, tier] = variant.flagged.split(' ');
    expect(outcome.results.failures.some((f) => f.check === check && f.tier === tier), findings(outcome).join('\n')).toBe(true);
    // Only the reference server's own rules: nothing the contract or security asks is broken.
    expect(outcome.results.failures.filter((f) => f.tier !== 'reference').map((f) => `[${f.check}] ${f.operation} ${f.name}`)).toEqual([]);
  }, 180_000);
});
