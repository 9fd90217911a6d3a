// The Postman collection (generated/postman/): one request per operation in folders by tag, run by
// newman with the sandbox environment against the server exactly as `npm start` runs it, on fresh
// demo data: every request's status tests pass, twice in a row (each run pays another invoice and
// stays within the rate limits); a server that answers otherwise fails the run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listOperations, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { TINY_PNG } from '../../lib/spec/examples.js';
import { DEMO_API_KEY, DEMO_PASSWORD } from '../../server/demo/constants.js';
import { startAlteringProxy } from '../fakes/altering-proxy.js';
import { repoRoot, type RunningServer } from '../../lib/processes.js';
import { startShippedOnSqlite } from '../support/shipped.js';

const run = promisify(execFile);
const folder = join(repoRoot, 'generated/postman');
const read = (name: string) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as JsonObject;
const collection = read('jwi.postman_collection.json');
const operations = listOperations(loadBundle());
let server: RunningServer;
let dir: string;

beforeAll(async () => {
  server = await startShippedOnSqlite('postman', { ownSecret: false }); // exactly as npm start runs it
  dir = mkdtempSync(join(tmpdir(), 'jwi-newman-'));
  writeFileSync(join(dir, 'avatar.png'), TINY_PNG); // the file "Upload the profile photo" sends
}, 60_000);
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface NewmanReport {
  run: {
    stats: Record<'requests' | 'assertions', { total: number; failed: number }>;
    executions: { item: { name: string }; request: { method: string; url: { path: string[] } }; response?: { code: number } }[];
    failures: { error: { message: string; test?: string }; source: { name: string } }[];
  };
}

async function newman(baseUrl: string): Promise<NewmanReport> {
  const report = join(dir, `report-${Date.now()}.json`);
  await run(process.execPath, [
    join(repoRoot, 'node_modules/newman/bin/newman.js'), 'run', join(folder, 'jwi.postman_collection.json'),
    '-e', join(folder, 'jwi-sandbox.postman_environment.json'), '--env-var', `baseUrl=${baseUrl}`,
    '--working-dir', dir, '--reporters', 'json', '--reporter-json-export', report,
  ]).catch(() => undefined); // a failed assertion exits 1: the report says which
  return JSON.parse(readFileSync(report, 'utf8')) as NewmanReport;
}

const failures = (report: NewmanReport) => report.run.failures.map((f) => `${f.source.name}: ${f.error.test ?? ''} ${f.error.message}`);

it('has one request per operation, in folders by tag, and environments with the demo values or placeholders', () => {
  const items = (collection.item as JsonObject[]).flatMap((f) => (f.item as JsonObject[]).map((i) => ({ folder: String(f.name), request: i.request as JsonObject })));
  const sent = items.map(({ request }) => `${String(request.method)} /${((request.url as JsonObject).path as string[]).join('/')}`);
  expect(sent.sort()).toEqual(operations.map((op) => `${op.method} ${op.path}`).sort());
  for (const { folder: tag, request } of items) {
    const op = operations.find((o) => `${o.method} /${((request.url as JsonObject).path as string[]).join('/')}` === `${o.method} ${o.path}` && o.method === request.method)!;
    expect(tag).toBe((op.definition.tags as string[])[0]);
    expect((request.url as JsonObject).host).toEqual(['{{baseUrl}}']);
  }
  const text = JSON.stringify(collection);
  expect(text).not.toContain(DEMO_API_KEY);
  const values = (name: string) => Object.fromEntries((read(name).values as JsonObject[]).map((v) => [v.key, v.value]));
  expect(values('jwi-sandbox.postman_environment.json')).toMatchObject({ apiKey: DEMO_API_KEY, identifier: 'john@example.com', password: DEMO_PASSWORD });
  const production = values('jwi-production.postman_environment.json');
  expect(production).toMatchObject({ baseUrl: 'https://api.jwi.id/api', apiKey: 'YOUR_API_KEY', password: 'YOUR_PASSWORD' });
  expect(JSON.stringify(production)).not.toMatch(/jwi_demo_|rahasia123|example\.com/);
});

it('passes every status test with newman against npm start, twice in a row', async () => {
  for (const round of [1, 2]) {
    const report = await newman(`${server.baseUrl}/api`);
    expect(failures(report), `round ${round}`).toEqual([]);
    // 35 operations, and the two logins the collection makes for its bearer requests (with the
    // login request itself, three logins a run: README and the guide say so).
    expect(report.run.stats.requests, `round ${round}`).toEqual({ total: operations.length + 2, failed: 0, pending: 0 });
    expect(report.run.stats.assertions, `round ${round}`).toMatchObject({ total: 2 * operations.length, failed: 0 });
    const paid = report.run.executions.find((e) => e.request.url.path.join('/').endsWith('billing/mark-as-paid'));
    expect(paid?.response?.code, `round ${round}`).toBe(200);
  }
}, 120_000);

it('fails when the server answers a request otherwise', async () => {
  // A server that refuses every payment as already made: the collection's tests catch it.
  const proxy = await startAlteringProxy(server.baseUrl, {
    response: (exchange, status) => (exchange.path === '/api/billing/mark-as-paid' && status === 200
      ? { status: 409, body: { status: false, error_code: 'INVOICE_ALREADY_PAID', message: 'Invoice sudah dibayar.' } } : undefined),
  });
  try {
    const report = await newman(`${proxy.url}/api`);
    expect(failures(report)).toEqual([expect.stringMatching(/^Mark an invoice as paid: status is 200 expected response to have status code 200 but got 409/)]);
  } finally {
    await proxy.close();
  }
}, 60_000);
