// Runs the suite against one target: provisioning, scenarios, examples, boundaries, auth, fuzzing,
// in that order (the flows first, while the shared accounts are untouched by generated data).
import type { SuiteConfig } from './config.js';
import { readContract } from './contract.js';
import { authPhase, boundariesPhase, examplesPhase } from './generators/phases.js';
import { fuzzPhase } from './generators/fuzz.js';
import { Results, type CoverageCell } from './results.js';
import { scenariosPhase } from './scenarios/index.js';
import { Session } from './session.js';
import { provision } from './world.js';

export const PHASES = ['provision', 'scenarios', 'examples', 'boundaries', 'auth', 'fuzz'] as const;
export type Phase = (typeof PHASES)[number];

export interface RunOutcome {
  config: SuiteConfig;
  results: Results;
  coverage: CoverageCell[];
  /** Requests and seconds per phase. */
  phases: { phase: Phase; requests: number; seconds: number }[];
  passed: boolean;
}

/** Runs the phases (all, or the ones named); `results` lets the caller watch progress as it runs. */
export async function runSuite(config: SuiteConfig, onPhase?: (phase: Phase) => void, results?: Results, only: readonly Phase[] = PHASES): Promise<RunOutcome> {
  const found = results ?? new Results(readContract(), config);
  const session = new Session(config, found.contract, found);
  const steps: Record<Phase, () => Promise<void>> = {
    provision: () => provision(session),
    scenarios: () => scenariosPhase(session),
    examples: () => examplesPhase(session),
    boundaries: () => boundariesPhase(session),
    auth: () => authPhase(session),
    fuzz: () => fuzzPhase(session),
  };
  const phases: RunOutcome['phases'] = [];
  for (const phase of PHASES.filter((p) => p === 'provision' || only.includes(p))) {
    onPhase?.(phase);
    const before = found.requests;
    const started = performance.now();
    await steps[phase]();
    phases.push({ phase, requests: found.requests - before, seconds: (performance.now() - started) / 1000 });
  }
  const coverage = found.coverage(session.selected);
  const uncovered = coverage.filter((cell) => cell.state === 'uncovered' && !cell.expectedUncovered);
  return {
    config,
    results: found,
    coverage,
    phases,
    passed: found.failures.length === 0 && (!config.failOnUncovered || uncovered.length === 0),
  };
}
