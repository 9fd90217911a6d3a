// Runs the suite against one target, after a preflight: provisioning, scenarios, the Arazzo workflows, examples,
// boundaries, malformed bodies, auth, path and method variants, fuzzing, rate limits, in that order
// (the flows first, while the shared accounts are untouched by generated data; the rate limits
// last, since reaching them spends budgets the other phases need).
import type { SuiteConfig } from './config.js';
import { readContractModel } from './contract.js';
import { preflight } from './preflight.js';
import { authPhase, boundariesPhase, examplesPhase } from './generators/phases.js';
import { fuzzPhase } from './generators/fuzz.js';
import { Results, type CoverageCell } from './results.js';
import { malformedPhase } from './generators/malformed.js';
import { variantsPhase } from './generators/variants.js';
import { limitsPhase, scenariosPhase } from './scenarios/index.js';
import { Session } from './session.js';
import { workflowsPhase } from './workflows.js';
import { followPasswordChange, provision } from './world.js';

export const PHASES = ['provision', 'scenarios', 'workflows', 'examples', 'boundaries', 'malformed', 'auth', 'variants', 'fuzz', 'limits'] as const;
export type Phase = (typeof PHASES)[number];

export interface RunOutcome {
  config: SuiteConfig;
  results: Results;
  coverage: CoverageCell[];
  /** Requests and seconds per phase. */
  phases: { phase: Phase; requests: number; seconds: number }[];
  passed: boolean;
}

/** Runs the phases (all, or the ones named); `results` lets the caller watch progress as it runs.
 * Throws PreflightFailure, before any phase, when the target or the config is not usable. */
export async function runSuite(config: SuiteConfig, onPhase?: (phase: Phase) => void, results?: Results, only: readonly Phase[] = PHASES): Promise<RunOutcome> {
  await preflight(config);
  const found = results ?? new Results(readContractModel(), config);
  const session = new Session(config, found.contract, found);
  session.onExchange = (key, request, exchange) => followPasswordChange(session, key, request, exchange.response?.status);
  const steps: Record<Phase, () => Promise<void>> = {
    provision: () => provision(session),
    scenarios: () => scenariosPhase(session),
    workflows: () => workflowsPhase(session),
    examples: () => examplesPhase(session),
    boundaries: () => boundariesPhase(session),
    malformed: () => malformedPhase(session),
    auth: () => authPhase(session),
    variants: () => variantsPhase(session),
    fuzz: () => fuzzPhase(session),
    limits: () => limitsPhase(session),
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
