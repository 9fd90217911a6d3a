// Everything the run found: each exchange goes through the response checks (and the checks its
// phase attached); outcomes are counted per operation and check, failures kept with a curl line,
// and each documented (operation, status, error_code) is marked exercised, passed or failed.
import { notAServerError, RESPONSE_CHECKS, sensitiveDataExposure } from './checks/conformance.js';
import type { Check, CheckOutcome } from './checks/types.js';
import type { SuiteConfig } from './config.js';
import type { Contract, Operation } from './contract.js';
import { curlOf, type Exchange } from './http.js';

export interface Failure {
  phase: string;
  name: string; // the case
  operation: string;
  check: string;
  expected: string;
  actual: string;
  curl: string;
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
  /** `operation|check` -> [passed, failed]. */
  readonly tally = new Map<string, [number, number]>();
  requests = 0;
  private readonly outcomes = new Map<string, CoverageState>();
  private readonly started = performance.now();
  onRecord: (() => void) | undefined;

  constructor(readonly contract: Contract, private readonly config: SuiteConfig) {}

  /** The outcomes of the checks on an exchange, without recording them. */
  evaluate(operation: Operation, exchange: Exchange, extra: Check[] = [], options: RecordOptions = {}): CheckOutcome[] {
    const ctx = { contract: this.contract, config: this.config, operation, exchange };
    const checks = options.offContract ? [notAServerError, sensitiveDataExposure]
      : options.requestedOutcome ? RESPONSE_CHECKS.filter((check) => check !== notAServerError) : RESPONSE_CHECKS;
    return [...checks, ...extra].map((check) => check(ctx)).filter((o): o is CheckOutcome => o !== undefined);
  }

  /** Checks an exchange; returns the outcomes (failures are also kept). */
  record(phase: string, name: string, operation: Operation, exchange: Exchange, extra: Check[] = [], options: RecordOptions = {}): CheckOutcome[] {
    return this.recordOutcomes(phase, name, operation, exchange, this.evaluate(operation, exchange, extra, options), options);
  }

  /** Keeps the outcomes of checks already run on an exchange (see `evaluate`). */
  recordOutcomes(phase: string, name: string, operation: Operation, exchange: Exchange, outcomes: CheckOutcome[], options: RecordOptions = {}): CheckOutcome[] {
    this.requests++;
    for (const outcome of outcomes) {
      const key = `${operation.key}|${outcome.check}`;
      const [passed, failed] = this.tally.get(key) ?? [0, 0];
      this.tally.set(key, outcome.ok ? [passed + 1, failed] : [passed, failed + 1]);
      if (!outcome.ok) {
        this.failures.push({
          phase, name, operation: operation.key, check: outcome.check, expected: outcome.expected ?? '', actual: outcome.actual ?? '',
          curl: curlOf(this.config.baseUrl, exchange.request),
        });
      }
    }
    const response = exchange.response;
    if (response && !options.offContract && operation.responses.has(String(response.status))) {
      const code = (response.json as { error_code?: unknown } | undefined)?.error_code;
      const key = this.cellKey(operation.key, String(response.status), typeof code === 'string' ? code : undefined);
      const ok = outcomes.every((o) => o.ok);
      if (this.outcomes.get(key) !== 'failed') this.outcomes.set(key, ok ? 'passed' : 'failed');
    }
    this.onRecord?.();
    return outcomes;
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
    if (!this.skips.some((s) => s.phase === phase && s.what === what)) this.skips.push({ phase, what, reason });
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
