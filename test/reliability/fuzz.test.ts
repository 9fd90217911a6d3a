// Fuzzing at volume: at least 10,000 requests from the contract suite's fuzzing phase, across all
// operations, against the shipped server: no 5xx (indeed no check fails), and it still answers
// its health check afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../contract-tests/config.js';
import { runSuite } from '../../contract-tests/runner.js';
import { DEMO_API_KEY, DEMO_LOGINS } from '../../server/demo/constants.js';
import { type RunningServer } from '../../lib/processes.js';
import { startShippedOnSqlite } from '../support/shipped.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startShippedOnSqlite('fuzz');
});
afterAll(() => server?.stop());

describe('fuzzing at volume', () => {
  it('sends 10,000 generated requests without a server error', async () => {
    // 780 per operation: 13 operations take input and are not rate limited (10,140 requests); the
    // rate-limited ones (the API-key operations among them) get --limited-requests (6) each, the 8
    // without input none.
    const outcome = await runSuite({
      ...DEFAULTS, baseUrl: `${server.baseUrl}/api`, apiKey: DEMO_API_KEY, examples: 780, seed: 7,
      customer: DEMO_LOGINS[0]!,
    }, undefined, undefined, ['fuzz']);
    const fuzz = outcome.phases.find((p) => p.phase === 'fuzz')!;
    console.log(`fuzz: ${fuzz.requests} requests in ${fuzz.seconds.toFixed(1)} s (${(fuzz.requests / fuzz.seconds).toFixed(0)} req/s)`);
    expect(fuzz.requests).toBeGreaterThanOrEqual(10_000);
    expect(outcome.results.failures.map((f) => `[${f.check}] ${f.operation}: ${f.actual}\n${f.curl}`)).toEqual([]);
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  }, 300_000);
});
