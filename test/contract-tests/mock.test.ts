// The suite's mock profile against the Prism mock, as the README runs it (`npm run mock`, then the
// suite with its defaults and `--profile mock`): passes, reaches every documented outcome (a
// stateless mock serves each on request), and leaves the mock running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../contract-tests/config.js';
import { runSuite, type RunOutcome } from '../../contract-tests/runner.js';
import { startMock } from '../support/servers.js';
import { type RunningServer } from '../../lib/processes.js';

describe('the contract suite against the Prism mock', () => {
  let mock: RunningServer;
  let outcome: RunOutcome;
  beforeAll(async () => {
    mock = await startMock();
    outcome = await runSuite({ ...DEFAULTS, baseUrl: mock.baseUrl, profile: 'mock', failOnUncovered: true });
  }, 120_000);
  afterAll(() => mock?.stop());

  it('passes, with every documented outcome exercised', () => {
    expect(outcome.results.failures.map((f) => `[${f.check}] ${f.operation} ${f.name}: ${f.actual}`)).toEqual([]);
    expect(outcome.coverage.filter((c) => c.state !== 'passed')).toEqual([]);
    expect(outcome.passed).toBe(true);
  });

  it('leaves the mock running', async () => {
    expect((await fetch(`${mock.baseUrl}/region`)).status).toBe(200);
  });

  it('says why it skips the stateful flows', () => {
    expect(outcome.results.skips.some((s) => s.phase === 'scenarios' && /stateless mock/.test(s.reason))).toBe(true);
  });
});
