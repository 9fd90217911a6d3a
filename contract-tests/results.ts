// Everything the run found: each exchange goes through the response checks (and the checks its
// phase attached), those the run selected (--checks, --exclude-checks); outcomes are counted per
// operation, check and tier; a finding that binds this run (profiles.ts) is a failure, kept with a
// curl line; one that does not (a rule of the reference server's own, outside the reference
// profile) is a difference, aggregated. Each documented (operation, status, error_code) is marked
// exercised, passed or failed. Everything kept is redacted (redact.ts).
import { HEAD_CHECKS, notAServerError, RESPONSE_CHECKS, sensitiveDataExposure } from './checks/conformance.js';
import { CHECKS, TIERS, type CheckName, type Tier } from './checks/registry.js';
import type { Check, CheckOutcome } from './checks/types.js';
import type { SuiteConfig } from './config.js';
import type { ContractModel, Operation } from './contract.js';
import { curlOf, type Exchange } from './http.js';
import { binds } from './profiles.js';
import { redactor, type Redact } from './redact.js';

export interface Failure {
  phase: string;
  name: string; // the case
  operation: string;
  check: CheckName;
  tier: Tier;
  expected: string;
  actual: string;
  curl: string;
}

/** A finding that does not bind this run (a rule of the reference server's own), with how often it was seen. */
export interface Difference {
  check: CheckName;
  operation: string;
  expected: string;
  /** The first time it was seen. */
  actual: string;
  where: string;
  count: number;
}

export interface Tally {
  passed: number;
  failed: number;
  /** Findings that do not bind this run. */
  differed: number;
}

export interface Skip {
  phase: string;
  what: string;
  reason: string;
}

export type CoverageState = 'passed' | 'failed' | 'uncovered';

export interface CoverageCell {
  operation: string;
  status: string;
  errorCode: string | undefined;
  state: CoverageState;
  expectedUncovered?: string;
}

export interface RecordOptions {
  /** The request asked for this outcome (a mock's `Prefer: code=`): a documented 5xx is then no server error. */
  requestedOutcome?: boolean;
  /** The request is not the operation as documented (a respelled path, an undocumented method): only
   * the checks that hold for any response run, and no documented outcome is marked exercised. */
  offContract?: boolean;
  /** The response's body was not seen (observed traffic: past the size bound, or not in a HAR): only
   * the checks of its status and headers run. */
  bodyUnread?: boolean;
}

/** An operation the target stopped answering for a while (429 with a Retry-After beyond the wait bound). */
export interface RateLimited {
  operation: string;
  retryAfterSeconds: number | undefined;
  phases: Set<string>;
  /** Requests the suite did not send while it was limited. */
  unsent: number;
}

export class Results {
  readonly failures: Failure[] = [];
  readonly skips: Skip[] = [];
  readonly rateLimited = new Map<string, RateLimited>();
  /** What the run is doing besides sending (waiting out a Retry-After), for the progress line. */
  notice: string | undefined;
  /** `operation|check|tier` -> counts. */
  readonly tally = new Map<string, Tally>();
  requests = 0;
  private readonly outcomes = new Map<string, CoverageState>();
  private readonly found = new Map<string, Difference>();
  private readonly started = performance.now();
  private readonly selected: (check: CheckName) => boolean;
  readonly redact: Redact;
  onRecord: (() => void) | undefined;

  /** Failures kept per check and operation (the rest are counted): observed traffic has no end, its
   * reports must stay small, and one operation's failures must not hide another's. */
  private readonly kept = new Map<string, number>();

  constructor(readonly contract: ContractModel, private readonly config: SuiteConfig, private readonly keepFailures = Infinity) {
    this.redact = redactor(config);
    const only = new Set(config.checks);
    const excluded = new Set(config.excludeChecks);
    this.selected = (check) => (only.size === 0 || only.has(check)) && !excluded.has(check);
  }

  /** The findings that do not bind this run, most frequent first. */
  get differences(): Difference[] {
    return [...this.found.values()].sort((a, b) => b.count - a.count);
  }

  /** The outcomes of the selected checks on an exchange, without recording them. */
  evaluate(operation: Operation, exchange: Exchange, extra: Check[] = [], options: RecordOptions = {}): CheckOutcome[] {
    const ctx = { contract: this.contract, config: this.config, operation, exchange };
    const checks = options.offContract ? [notAServerError, sensitiveDataExposure]
      : options.bodyUnread ? HEAD_CHECKS
      : options.requestedOutcome ? RESPONSE_CHECKS.filter((check) => check !== notAServerError) : RESPONSE_CHECKS;
    return [...checks, ...extra].map((check) => check(ctx)).filter((o): o is CheckOutcome => o !== undefined && this.selected(o.check));
  }

  /** Counts per check and tier over every operation, in the registry's order. */
  checkTotals(): ({ check: CheckName; tier: Tier } & Tally)[] {
    const totals = new Map<string, { check: CheckName; tier: Tier } & Tally>();
    for (const [key, tally] of this.tally) {
      const [, check, tier] = key.split('|') as [string, CheckName, Tier];
      const total = totals.get(`${check}|${tier}`) ?? { check, tier, passed: 0, failed: 0, differed: 0 };
      total.passed += tally.passed;
      total.failed += tally.failed;
      total.differed += tally.differed;
      totals.set(`${check}|${tier}`, total);
    }
    const order = (t: { check: CheckName; tier: Tier }) => TIERS.indexOf(t.tier) * 100 + CHECKS.findIndex((c) => c.name === t.check);
    return [...totals.values()].sort((a, b) => order(a) - order(b));
  }

  /** Whether a failed outcome fails this run. */
  binds(outcome: CheckOutcome): boolean {
    return binds(this.config, outcome.tier);
  }

  /** Checks an exchange; returns the outcomes (failures are also kept). */
  record(phase: string, name: string, operation: Operation, exchange: Exchange, extra: Check[] = [], options: RecordOptions = {}): CheckOutcome[] {
    return this.recordOutcomes(phase, name, operation, exchange, this.evaluate(operation, exchange, extra, options), options);
  }

  /** Keeps the outcomes of checks already run on an exchange (see `evaluate`). */
  recordOutcomes(phase: string, name: string, operation: Operation, exchange: Exchange, outcomes: CheckOutcome[], options: RecordOptions = {}): CheckOutcome[] {
    this.requests++;
    for (const outcome of outcomes) {
      const key = `${operation.key}|${outcome.check}|${outcome.tier}`;
      const tally = this.tally.get(key) ?? { passed: 0, failed: 0, differed: 0 };
      this.tally.set(key, tally);
      if (outcome.ok) tally.passed++;
      else if (this.binds(outcome)) {
        tally.failed++;
        const kept = this.kept.get(key) ?? 0;
        if (kept >= this.keepFailures) continue;
        this.kept.set(key, kept + 1);
        this.failures.push({
          phase, name, operation: operation.key, check: outcome.check, tier: outcome.tier,
          expected: this.redact(outcome.expected ?? ''), actual: this.redact(outcome.actual ?? ''),
          curl: this.redact(curlOf(this.config.baseUrl, exchange.request)),
        });
      } else {
        tally.differed++;
        this.differ(outcome, operation.key, `${phase}: ${name}`);
      }
    }
    const response = exchange.response;
    if (response && !options.offContract && operation.responses.has(String(response.status))) {
      const code = (response.json as { error_code?: unknown } | undefined)?.error_code;
      const key = this.cellKey(operation.key, String(response.status), typeof code === 'string' ? code : undefined);
      const ok = outcomes.every((o) => o.ok || !this.binds(o));
      if (this.outcomes.get(key) !== 'failed') this.outcomes.set(key, ok ? 'passed' : 'failed');
    }
    this.onRecord?.();
    return outcomes;
  }

  /** Aggregates a finding that does not bind: one entry per check, operation and what was expected. */
  private differ(outcome: CheckOutcome, operation: string, where: string): void {
    const key = `${outcome.check}|${operation}|${outcome.subject ?? outcome.expected}`;
    const known = this.found.get(key);
    if (known) known.count++;
    else this.found.set(key, { check: outcome.check, operation, expected: this.redact(outcome.expected ?? ''), actual: this.redact(outcome.actual ?? ''), where: this.redact(where), count: 1 });
  }

  /** Notes a request not sent, or answered 429, because the target limits the operation for now. */
  limited(phase: string, operation: string, retryAfterSeconds: number | undefined, sent: boolean): void {
    const entry = this.rateLimited.get(operation) ?? { operation, retryAfterSeconds, phases: new Set<string>(), unsent: 0 };
    entry.phases.add(phase);
    if (retryAfterSeconds !== undefined) entry.retryAfterSeconds = retryAfterSeconds;
    if (!sent) entry.unsent++;
    this.rateLimited.set(operation, entry);
  }

  /** Shows what the run is doing besides sending (undefined: nothing). */
  announce(notice: string | undefined): void {
    this.notice = notice;
    this.onRecord?.();
  }

  skip(phase: string, what: string, reason: string): void {
    if (!this.skips.some((s) => s.phase === phase && s.what === what)) this.skips.push({ phase, what, reason: this.redact(reason) });
  }

  private cellKey(operation: string, status: string, code: string | undefined): string {
    return `${operation} ${status}${code ? ` ${code}` : ''}`;
  }

  /** Every documented (operation, status, error_code) of the operations this run covers. */
  coverage(operations: Operation[]): CoverageCell[] {
    return operations.flatMap((op) => [...op.responses.values()].flatMap((response) => {
      const codes = response.errorCodes.length > 0 ? response.errorCodes : [undefined];
      return codes.map((code): CoverageCell => {
        const key = this.cellKey(op.key, response.status, code);
        const expected = this.config.expectUncovered;
        // Entries name an outcome exactly, or all codes of a status, or a status of every operation ("* 500").
        const reason = expected[key] ?? expected[`${op.key} ${response.status}`] ?? expected[`* ${response.status}`];
        return {
          operation: op.key, status: response.status, errorCode: code,
          state: this.outcomes.get(key) ?? 'uncovered',
          ...(reason ? { expectedUncovered: reason } : {}),
        };
      });
    }));
  }

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
