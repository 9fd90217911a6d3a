// Fuzzing is seeded (--seed N sends the same requests again; another seed, others) and a failure is
// reported once, shrunk to the smallest request that still fails.
import { expect, it } from 'vitest';
import { runSuite } from '../../../contract-tests/runner.js';
import { startAlteringProxy, type ProxiedExchange } from '../../fakes/altering-proxy.js';
import { startReferenceTarget } from '../target.js';

/** The fuzzed requests a run sends to GET /package and GET /billing/detail, in a comparable form. */
async function fuzzedRequests(seed: number): Promise<string[]> {
  const target = await startReferenceTarget();
  const sent: ProxiedExchange[] = [];
  const proxy = await startAlteringProxy(target.app.baseUrl, { request: (exchange) => void sent.push(exchange) });
  try {
    await runSuite({ ...target.config, baseUrl: `${proxy.url}/api`, seed, examples: 16, only: ['listPackages', 'getBillingDetail'] }, undefined, undefined, ['fuzz']);
  } finally {
    await proxy.close();
    await target.close();
  }
  return sent.filter((e) => e.path === '/api/package' || e.path === '/api/billing/detail').map((e) => `${e.method} ${e.path}${e.query}`).sort();
}

it('sends the same requests for the same seed, and others for another seed', async () => {
  const [first, again, other] = [await fuzzedRequests(7), await fuzzedRequests(7), await fuzzedRequests(8)];
  expect(first.length).toBeGreaterThanOrEqual(30);
  expect(again).toEqual(first);
  expect(other).not.toEqual(first);
}, 180_000);

it('reports a failure once, shrunk to the smallest request that fails', async () => {
  const target = await startReferenceTarget();
  // Broken on purpose: a company_id above 1000 makes this server fail.
  const proxy = await startAlteringProxy(target.app.baseUrl, {
    response: (exchange) => {
      const companyId = Number(new URLSearchParams(exchange.query).get('company_id'));
      return exchange.path === '/api/package' && companyId > 1000 ? { status: 500, body: { message: 'overflow' } } : undefined;
    },
  });
  try {
    const outcome = await runSuite({ ...target.config, baseUrl: `${proxy.url}/api`, examples: 40, only: ['listPackages'] }, undefined, undefined, ['fuzz']);
    const failures = outcome.results.failures.filter((f) => f.check === 'not_a_server_error');
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const failure of failures) {
      expect(failure.name).toMatch(/^shrunk after \d+ steps \(seed \d+, path [\d:]+\)$/);
      expect(failure.curl).toContain('company_id=1001');
    }
  } finally {
    await proxy.close();
    await target.close();
  }
}, 180_000);
