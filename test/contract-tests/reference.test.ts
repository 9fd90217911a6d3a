// The suite against the reference server (in-process, SQLite): every check passes, and every
// documented outcome the reference server can produce is exercised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../contract-tests/checks/registry.js';
import { runSuite, type RunOutcome } from '../../contract-tests/runner.js';
import { startReferenceTarget, type ReferenceTarget } from './target.js';

describe('the contract suite against the reference server', () => {
  let target: ReferenceTarget;
  let outcome: RunOutcome;
  beforeAll(async () => {
    target = await startReferenceTarget();
    outcome = await runSuite(target.config);
  }, 180_000);
  afterAll(() => target?.close());

  it('finds no failure', () => {
    expect(outcome.results.failures.map((f) => `[${f.check}] ${f.operation} ${f.name}: expected ${f.expected}, seen ${f.actual}`)).toEqual([]);
    expect(outcome.passed).toBe(true);
  });

  it('exercises every documented outcome the reference server can produce', () => {
    const uncovered = outcome.coverage.filter((c) => c.state === 'uncovered' && !c.expectedUncovered);
    expect(uncovered.map((c) => `${c.operation} ${c.status} ${c.errorCode ?? ''}`.trim())).toEqual([]);
    // What is left is what the configuration says cannot happen: 500s, a failing OTP gateway, an unreachable router.
    const expected = outcome.coverage.filter((c) => c.expectedUncovered);
    expect(new Set(expected.map((c) => c.status))).toEqual(new Set(['500', '502', '503']));
  });

  it('ran every phase, every scenario, with nothing skipped', () => {
    expect(outcome.phases.map((p) => p.phase)).toEqual(['provision', 'scenarios', 'workflows', 'examples', 'boundaries', 'malformed', 'auth', 'variants', 'fuzz', 'limits']);
    expect(outcome.phases.every((p) => p.requests > 0)).toBe(true);
    expect(outcome.results.skips).toEqual([]);
  });

  it('applies every check of the registry', () => {
    const checks = new Set([...outcome.results.tally.keys()].map((key) => key.split('|')[1]));
    for (const check of CHECKS) expect(checks, check.name).toContain(check.name);
  });
});

// The reference server is one implementation of the contract among others: a backend team's staging
// run against it passes, and finds no difference from itself.
describe('the contract suite\'s staging profile against the reference server', () => {
  it('passes, with no difference from the reference server', async () => {
    const target = await startReferenceTarget({ profile: 'staging' });
    try {
      const outcome = await runSuite(target.config);
      expect(outcome.results.failures.map((f) => `[${f.tier}: ${f.check}] ${f.operation} ${f.name}: ${f.actual}`)).toEqual([]);
      expect(outcome.results.differences).toEqual([]);
      expect(outcome.passed).toBe(true);
    } finally {
      await target.close();
    }
  }, 180_000);
});
