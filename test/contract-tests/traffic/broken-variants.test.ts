// The suite's proof table, on observed traffic: a deliberately broken variant of the reference
// server (test/fakes/altering-proxy.ts) behind the checking proxy, with the suite's own traffic of
// the phase that meets the breakage sent through it, is reported by the intended check on the
// intended operation; the HAR the proxy wrote says the same through `har`. The variants are those
// whose breakage shows in an answer (what the traffic alone can judge: the response checks), and
// whose traffic is cheap (one operation, one phase); those of request expectations (an ignored
// token, a kept token, an accepted invalid value) need the suite's intent and stay with the suite.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SuiteConfig } from '../../../contract-tests/config.js';
import { runSuite, type Phase } from '../../../contract-tests/runner.js';
import { answerInstead, startAlteringProxy, type Alteration } from '../../fakes/altering-proxy.js';
import { runCommand } from '../../support/commands.js';
import { startReferenceTarget, writeConfigFile } from '../target.js';
import { contractCommand, startCheckingProxy, type TrafficReport } from './checking-proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-traffic-variants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BCRYPT = '$2b$10$abcdefghijklmnopqrstuu1234567890ABCDEFGHIJKLMNOPQRSTU';

interface Variant {
  breakage: string;
  check: string;
  tier: string;
  operation: string;
  /** The suite's traffic sent through the proxy. */
  phases: Phase[];
  only: string[];
  alteration: () => Alteration;
  /** Flags of the proxy and of `har` beside --config. */
  flags?: string[];
}

const VARIANTS: Variant[] = [
  { breakage: 'answers 500', check: 'not_a_server_error', tier: 'contract', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answerInstead('GET', '/api/region', 200, () => ({ status: 500, body: { message: 'Internal Server Error' } })) },
  { breakage: 'answers an undocumented status', check: 'status_code_conformance', tier: 'contract', operation: 'GET /help/options', phases: ['examples'], only: ['getHelpOptions'],
    alteration: answerInstead('GET', '/api/help/options', 200, (b) => ({ status: 418, body: b })) },
  { breakage: 'answers JSON as text/plain', check: 'content_type_conformance', tier: 'contract', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answerInstead('GET', '/api/region', 200, (b) => ({ status: 200, body: b, headers: { 'content-type': 'text/plain' } })) },
  { breakage: 'drops Retry-After from its 429', check: 'response_headers_conformance', tier: 'contract', operation: 'POST /auth/login', phases: ['limits'], only: ['login'],
    alteration: () => ({
      response: (exchange, status, body, headers) => {
        if (exchange.path !== '/api/auth/login' || status !== 429) return undefined;
        const { 'retry-after': _, ...rest } = headers;
        return { status, body, headers: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)])) };
      },
    }) },
  { breakage: 'drops a required field', check: 'response_schema_conformance', tier: 'contract', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answerInstead('GET', '/api/region', 200, ({ message: _, ...rest }) => ({ status: 200, body: rest })) },
  { breakage: 'gives a wrong error_code', check: 'error_code_conformance', tier: 'contract', operation: 'GET /billing/unpaid', phases: ['boundaries'], only: ['getUnpaidBills'],
    alteration: answerInstead('GET', '/api/billing/unpaid', 422, (b) => ({ status: 422, body: { ...b, error_code: 'INVOICE_ALREADY_PAID' } })) },
  { breakage: 'puts a password hash in an answer', check: 'sensitive_data_exposure', tier: 'security', operation: 'GET /region', phases: ['examples'], only: ['listRegions'],
    alteration: answerInstead('GET', '/api/region', 200, (b) => ({ status: 200, body: { ...b, message: `Daftar region (${BCRYPT})` } })) },
  { breakage: 'puts a secret field in an answer', check: 'sensitive_data_exposure', tier: 'security', operation: 'GET /auth/me', phases: ['examples'], only: ['getCurrentUser'],
    alteration: answerInstead('GET', '/api/auth/me', 200, (b) => ({ status: 200, body: { ...b, remember_token: 'f3a9c0d1e2' } })) },
  { breakage: 'adds an undeclared property (the reference profile holds it to its own rules)', check: 'undocumented_property', tier: 'reference', operation: 'GET /customer',
    phases: ['examples'], only: ['getCustomer'], flags: ['--profile', 'reference'],
    alteration: answerInstead('GET', '/api/customer', 200, (b) => ({ status: 200, body: { ...b, debug: { build: 'x' } } })) },
];

describe.each(VARIANTS)('a server that $breakage, behind the proxy', (variant) => {
  it(`is reported under ${variant.check} on ${variant.operation}, live and from its HAR`, async () => {
    const target = await startReferenceTarget();
    const broken = await startAlteringProxy(target.app.baseUrl, variant.alteration());
    const files = { config: join(dir, `${variant.check}-config.json`), report: join(dir, `${variant.check}.json`), har: join(dir, `${variant.check}.har`), offline: join(dir, `${variant.check}-har.json`) };
    try {
      writeConfigFile(target, files.config);
      const flags = ['--config', files.config, ...(variant.flags ?? [])];
      const proxy = await startCheckingProxy(`${broken.url}/api`, files.report, ['--har', files.har, ...flags]);
      const suite: SuiteConfig = { ...target.config, baseUrl: `${proxy.url}/api`, examples: 3, failOnUncovered: false, only: variant.only };
      await runSuite(suite, undefined, undefined, variant.phases);
      const { report } = await proxy.stop();
      const found = (r: TrafficReport) => r.failures.filter((f) => f.check === variant.check && f.operation === variant.operation).map((f) => f.tier);
      expect(found(report), `failures: ${report.failures.map((f) => `[${f.check}] ${f.operation}`).join(', ')}`).toContain(variant.tier);
      expect(report.passed).toBe(false);

      const offline = await runCommand(process.execPath, [...contractCommand, 'har', files.har, '--report', files.offline, ...flags]);
      expect(offline.code).toBe(1);
      expect(found(JSON.parse(readFileSync(files.offline, 'utf8')) as TrafficReport)).toContain(variant.tier);
    } finally {
      await broken.close();
      await target.close();
    }
  }, 120_000);
});
