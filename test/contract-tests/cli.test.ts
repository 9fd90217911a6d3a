// npm run contract: the command line, its exit codes, and the files it writes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlteringProxy, type AlteringProxy } from '../fakes/altering-proxy.js';
import { startReferenceTarget, writeConfigFile, type ReferenceTarget } from './target.js';
import { runCommand } from '../support/commands.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-contract-cli-'));
const contract = (...args: string[]) =>
  runCommand('node', ['--import', 'tsx', 'contract-tests/cli.ts', ...args]);

let target: ReferenceTarget;
let broken: AlteringProxy;
let configFile: string;

beforeAll(async () => {
  target = await startReferenceTarget();
  configFile = writeConfigFile(target, join(dir, 'contract.json'));
  broken = await startAlteringProxy(target.app.baseUrl, {
    response: (exchange, status, body) => {
      if (exchange.path === '/api/region') return { status, body: { ...body, data: 'not a list' } };
      // A login answer that breaks the contract: its failure shows the answer, token and all, and the request, password and all.
      if (exchange.path === '/api/auth/login' && status === 200) return { status, body: { ...body, token_type: 'jwt' } };
      if (exchange.path === '/api/auth/me' && status === 200) return { status, body: { ...body, gender: 'unknown' } };
      if (exchange.path === '/api/billing/unpaid' && status === 404) return { status, body: { ...body, status: 'no' } };
      return undefined;
    },
  });
}, 60_000);
afterAll(async () => {
  await broken?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run contract', () => {
  it('exits 0 on a conforming target and writes the JUnit and the report', async () => {
    const junit = join(dir, 'junit.xml');
    const report = join(dir, 'report.html');
    const result = await contract('--base-url', target.config.baseUrl, '--config', configFile, '--only', 'Region', '--only', 'Package',
      '--junit', junit, '--report', report, '--examples', '3');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PASSED');
    expect(result.stdout).toMatch(/\d+ requests in [\d.]+ s \(\d+ req\/s\)/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="GET /region"');
    expect(xml).toContain('<testsuite name="coverage"');
    expect(xml).toMatch(/<testcase classname="coverage\.GET \/package" name="422">/);
    expect(readFileSync(report, 'utf8')).toContain('<h2>Coverage</h2>');
  }, 120_000);

  it('exits 1 on a target that breaks the contract, printing the check, what was expected and seen, and a curl line', async () => {
    const report = join(dir, 'report.md');
    const result = await contract('--base-url', `${broken.url}/api`, '--config', configFile, '--only', 'listRegions', '--examples', '3', '--report', report);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[contract: response_schema_conformance] GET /region');
    expect(result.stdout).toMatch(/expected: a body valid against/);
    expect(result.stdout).toMatch(/seen: +\/data must be array/);
    expect(result.stdout).toMatch(/curl -X GET 'http:\/\/127\.0\.0\.1:\d+\/api\/region'/);
    expect(readFileSync(report, 'utf8')).toContain('### contract: response_schema_conformance: GET /region');
  }, 120_000);

  it('reads the API key from JWI_API_KEY', async () => {
    const { apiKey: _, baseUrl: __, ...rest } = target.config;
    writeFileSync(join(dir, 'keyless.json'), JSON.stringify(rest));
    const result = await runCommand('node', ['--import', 'tsx', 'contract-tests/cli.ts', '--base-url', target.config.baseUrl, '--config', join(dir, 'keyless.json'),
      '--only', 'getUnpaidBills', '--examples', '2'], { env: { ...process.env, JWI_API_KEY: 'jwi_not_a_key' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the API key is refused (403');
  }, 60_000);

  it('fails on never-exercised outcomes with --fail-on-uncovered', async () => {
    writeFileSync(join(dir, 'bare.json'), JSON.stringify({ examples: 2 }));
    const result = await contract('--base-url', target.config.baseUrl, '--config', join(dir, 'bare.json'), '--only', 'getBillingDetail', '--fail-on-uncovered');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('never exercised: GET /billing/detail 200');
    expect(result.stdout).toContain('configure apiKey');
  }, 120_000);

  it.each([
    ['a wrong API key', ['--api-key', 'jwi_not_a_key'], 'the API key is refused (403 {"status":false,"error_code":"API_KEY_INVALID"'],
    ['a base URL without /api', ['--base-url', 'BASE'], '/region answered 404: --base-url must be where the API\'s paths begin (the reference server, the mock and production all end in /api, e.g. http://127.0.0.1:4010/api for npm run mock)'],
    ['a target that is not there', ['--base-url', 'http://127.0.0.1:9/api'], 'http://127.0.0.1:9/api does not answer'],
  ])('stops before any check on %s, with one message and exit code 2', async (_label, args, message) => {
    const base = args[0] === '--base-url' && args[1] === 'BASE' ? ['--base-url', target.app.baseUrl] : args;
    const result = await contract('--base-url', target.config.baseUrl, '--config', configFile, ...base);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The target is not ready for the suite:');
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain('[');
  }, 60_000);

  it('stops on a refused login of the configured customer', async () => {
    writeFileSync(join(dir, 'wrong-login.json'), JSON.stringify({ customer: { noServices: 'ISP00123', identifier: 'john@example.com', password: 'not-the-password' } }));
    const result = await contract('--base-url', target.config.baseUrl, '--config', join(dir, 'wrong-login.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the login of customer (john@example.com) is refused: 422');
  }, 60_000);

  it.each([
    [[], '--base-url is required'],
    [['--base-url', 'http://127.0.0.1:1', '--profile', 'nightly'], '--profile must be one of reference, staging, production, mock'],
    [['--base-url', 'http://127.0.0.1:1', '--checks', 'schema'], '--checks: no check named schema; the checks are not_a_server_error,'],
    [['--base-url', 'http://127.0.0.1:1', '--exclude-checks', 'ignored_auth,bogus'], '--exclude-checks: no check named bogus'],
    [['--base-url', 'http://127.0.0.1:1', '--seed', 'x'], '--seed must be a whole number'],
    [['--base-url', 'http://127.0.0.1:1', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with exit code 2', async (args, message) => {
    const result = await contract(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
  it('writes no credential: not the API key, a password, a JWT secret, a token or an OTP, in the console, JUnit or the reports', async () => {
    const junit = join(dir, 'secret-junit.xml');
    const html = join(dir, 'secret-report.html');
    // Last of the file: its scenarios spend the configured customer's login budget.
    const run = await contract('--base-url', `${broken.url}/api`, '--config', configFile, '--api-key', target.config.apiKey!,
      '--only', 'login', '--only', 'getCurrentUser', '--only', 'getUnpaidBills', '--examples', '2', '--junit', junit, '--report', html);
    expect(run.code).toBe(1);
    const written = [run.stdout, run.stderr, readFileSync(junit, 'utf8'), readFileSync(html, 'utf8')].join('\n');
    expect(written).toContain('[contract: response_schema_conformance] POST /auth/login');
    for (const secret of [target.config.apiKey!, target.config.restrictedApiKey!, target.config.jwtSecret!, 'rahasia123', 'contract-pass-1']) {
      expect(written, secret).not.toContain(secret);
    }
    expect(written).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/);
    expect(written).toContain('"token":"[Filtered]"');
    expect(written).toContain('-H "Authorization: Bearer $JWI_TOKEN"');
    expect(written).toContain('-H "X-MYWIFI-KEY: $JWI_API_KEY"');
  }, 120_000);

});
