// The proof on real traffic: the partners' Postman collection (newman) and the typed client, through
// the checking proxy in front of the reference server, pass and reach a good part of the coverage
// matrix; a HAR of the same traffic (--har) shows the same offline through `har`; and with real
// secrets flowing (the demo password, the partner key, bearer tokens), none of them is in anything
// the proxy or `har` writes, failures included.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwiClient } from '../../../generated/client.js';
import { TINY_PNG } from '../../../lib/spec/examples.js';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../../../server/demo/constants.js';
import { startAlteringProxy } from '../../fakes/altering-proxy.js';
import { runCommand } from '../../support/commands.js';
import { repoRoot } from '../../../lib/processes.js';
import { startReferenceTarget, writeConfigFile, type ReferenceTarget } from '../target.js';
import { contractCommand, startCheckingProxy, type TrafficReport } from './checking-proxy.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'jwi-real-traffic-'));
let target: ReferenceTarget;
let configFile: string;

beforeAll(async () => {
  target = await startReferenceTarget();
  configFile = writeConfigFile(target, join(dir, 'contract.json'));
  writeFileSync(join(dir, 'avatar.png'), TINY_PNG); // what the collection uploads
}, 60_000);
afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newman(baseUrl: string): Promise<string[]> {
  const report = join(dir, `newman-${Date.now()}.json`);
  const folder = join(repoRoot, 'generated/postman');
  await run(process.execPath, [
    join(repoRoot, 'node_modules/newman/bin/newman.js'), 'run', join(folder, 'jwi.postman_collection.json'),
    '-e', join(folder, 'jwi-sandbox.postman_environment.json'), '--env-var', `baseUrl=${baseUrl}`,
    '--working-dir', dir, '--reporters', 'json', '--reporter-json-export', report,
  ]).catch(() => undefined); // a failed assertion exits 1: the report says which
  const { run: result } = JSON.parse(readFileSync(report, 'utf8')) as { run: { failures: { error: { message: string }; source: { name: string } }[] } };
  return result.failures.map((f) => `${f.source.name}: ${f.error.message}`);
}

/** What a frontend does with the typed client: log in, read, open a ticket, pay as a partner, get a few refusals. */
async function typedClientTraffic(baseUrl: string): Promise<string> {
  const client = createJwiClient({ baseUrl });
  const login = await client.POST('/auth/login', { body: { identifier: 'john@example.com', password: DEMO_PASSWORD } });
  expect(login.response.status).toBe(200);
  client.setToken(login.data!.token);
  expect((await client.GET('/customer')).response.status).toBe(200);
  expect((await client.GET('/auth/me')).response.status).toBe(200);
  expect((await client.GET('/help')).response.status).toBe(200);
  expect((await client.GET('/invoice')).response.status).toBe(200);
  expect((await client.POST('/auth/login', { body: { identifier: 'john@example.com', password: 'wrong-password' } })).response.status).toBe(422);
  const partner = createJwiClient({ baseUrl, apiKey: DEMO_API_KEY });
  expect((await partner.GET('/billing/unpaid', { params: { query: { no_services: '28900001' } } })).response.status).toBe(200);
  expect((await partner.GET('/billing/unpaid', { params: { query: { no_services: '28900001', month: 13 } } })).response.status).toBe(422);
  expect((await createJwiClient({ baseUrl, apiKey: 'jwi_wrong_key_0000000000000000' }).GET('/billing/unpaid', { params: { query: { no_services: '28900001' } } })).response.status).toBe(403);
  return login.data!.token;
}

/** Every credential that flowed: none may be in what was written. */
const secretsOf = (token: string) => [DEMO_PASSWORD, DEMO_API_KEY, token, token.split('.')[2]!, target.config.restrictedApiKey!, target.config.jwtSecret!];

function expectNoSecret(texts: Record<string, string>, secrets: string[]): void {
  for (const [name, text] of Object.entries(texts)) for (const secret of secrets) expect(text.includes(secret), `${name} carries ${secret.slice(0, 6)}...`).toBe(false);
}

describe('the Postman collection and the typed client through the proxy', () => {
  it('pass, reach a good part of the coverage matrix, leak no secret, and a HAR of them shows the same offline', async () => {
    const files = { report: join(dir, 'proxy.json'), junit: join(dir, 'proxy.xml'), har: join(dir, 'traffic.har') };
    const proxy = await startCheckingProxy(target.config.baseUrl, files.report, ['--config', configFile, '--junit', files.junit, '--har', files.har, '--every', '1']);
    expect(await newman(`${proxy.url}/api`)).toEqual([]);
    const token = await typedClientTraffic(`${proxy.url}/api`);
    const { code, stdout, stderr, report } = await proxy.stop();
    expect(code).toBe(0);
    // Not a terminal: a status line every --every seconds.
    expect(stderr).toMatch(/^\S+Z \d+ exchanges, 0 failures, 0 undocumented, \d+ of \d+ outcomes covered$/m);
    expect(report.failures.map((f) => `[${f.check}] ${f.operation}: ${f.actual}`)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.notChecked.undocumented.count).toBe(0);
    // Every operation's success (the collection sends each), and the typed client's three refusals
    // (a wrong password, an invalid month, a wrong key).
    const operations = new Set(report.coverage.cells.filter((c) => c.state === 'passed').map((c) => c.operation));
    expect(operations.size).toBe(35);
    expect(report.coverage.exercised).toBe(38);
    expect(report.coverage.cells.filter((c) => c.errorCode && c.state === 'passed').map((c) => `${c.operation} ${c.status} ${c.errorCode}`))
      .toEqual(['GET /billing/unpaid 403 API_KEY_INVALID', 'GET /billing/unpaid 422 INVALID_MONTH']);
    expect(stdout).toContain(`Coverage: ${report.coverage.exercised} of ${report.coverage.documented} documented outcomes exercised, 0 failed`);
    expectNoSecret({ stdout, stderr, report: JSON.stringify(report), junit: readFileSync(files.junit, 'utf8'), har: readFileSync(files.har, 'utf8') }, secretsOf(token));

    const offline = await runCommand(process.execPath, [...contractCommand, 'har', files.har, '--config', configFile, '--report', join(dir, 'har.json')]);
    expect(offline.code, offline.stderr).toBe(0);
    const fromHar = JSON.parse(readFileSync(join(dir, 'har.json'), 'utf8')) as TrafficReport;
    expect(fromHar.checked).toBe(report.checked);
    expect(fromHar.coverage.cells).toEqual(report.coverage.cells);
    expect(fromHar.failures).toEqual([]);
    // The one thing the HAR cannot show as it was: a credential's own format. The demo's OTP is
    // written [Filtered], which the reference server's six-digit rule refuses (a difference, not a failure).
    expect(report.differences).toEqual([]);
    expect(fromHar.differences.map((d) => `${d.check} ${d.operation} ${d.actual.split(' in ')[0]}`))
      .toEqual(['response_schema_conformance POST /auth/forgot-password /otp must match pattern "^[0-9]{6}$"']);
    const contractTiers = (checks: TrafficReport['checks']) => checks.filter((c) => c.tier !== 'reference').map((c) => `${c.check} ${c.tier} ${c.failed} failed`);
    expect(contractTiers(fromHar.checks)).toEqual(contractTiers(report.checks));
  }, 180_000);
});

describe('with a broken backend and real secrets flowing', () => {
  it('reports the failures with their excerpts and curl lines, and no credential in any of them', async () => {
    // A login answer that breaks the contract (its excerpt holds the token), and a profile that
    // carries the password in a field of its own.
    const broken = await startAlteringProxy(target.app.baseUrl, {
      response: (exchange, status, body) => {
        if (exchange.path === '/api/auth/login' && status === 200) return { status, body: { ...body, token_type: 'jwt' } };
        if (exchange.path === '/api/auth/me' && status === 200) return { status, body: { ...body, password: DEMO_PASSWORD } };
        if (exchange.path === '/api/billing/unpaid' && status === 200) return { status, body: { ...body, status: 'yes' } };
        return undefined;
      },
    });
    const files = { report: join(dir, 'broken.json'), junit: join(dir, 'broken.xml'), har: join(dir, 'broken.har'), md: join(dir, 'broken.md') };
    try {
      const proxy = await startCheckingProxy(`${broken.url}/api`, files.report, ['--config', configFile, '--junit', files.junit, '--har', files.har]);
      const token = await typedClientTraffic(`${proxy.url}/api`);
      const { stdout, report } = await proxy.stop();
      expect(report.failures.map((f) => `[${f.check}] ${f.operation}`).sort()).toEqual(
        ['[response_schema_conformance] GET /billing/unpaid', '[response_schema_conformance] POST /auth/login', '[sensitive_data_exposure] GET /auth/me']);
      const login = report.failures.find((f) => f.operation === 'POST /auth/login')!;
      expect(login.actual).toContain('"token":"[Filtered]"');
      expect(login.curl).toContain('"password":"[Filtered]"');
      expect(report.failures.find((f) => f.operation === 'GET /billing/unpaid')!.curl).toContain('X-MYWIFI-KEY: $JWI_API_KEY');
      expect(report.failures.find((f) => f.operation === 'GET /auth/me')!.curl).toContain('Authorization: Bearer $JWI_TOKEN');

      const offline = await runCommand(process.execPath, [...contractCommand, 'har', files.har, '--config', configFile, '--report', files.md]);
      expect(offline.code).toBe(1);
      expect(offline.stdout).toContain('[contract: response_schema_conformance] POST /auth/login');
      expect(offline.stdout).toContain('[security: sensitive_data_exposure] GET /auth/me');
      expectNoSecret({
        stdout, report: JSON.stringify(report), junit: readFileSync(files.junit, 'utf8'), har: readFileSync(files.har, 'utf8'),
        offline: offline.stdout + offline.stderr, markdown: readFileSync(files.md, 'utf8'),
      }, secretsOf(token));
    } finally {
      await broken.close();
    }
  }, 120_000);
});
