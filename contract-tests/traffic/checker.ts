// Judges observed exchanges with the suite's own checks and tallies (results.ts): each exchange is
// matched to the operation the spec documents for its method and path, then recorded as the suite
// records its own requests; what matches no operation, what was too large to read, and what the
// upstream never answered are counted beside. Only aggregates are kept, so memory stays flat however
// long the traffic runs: the tallies, the coverage matrix, and at most KEEP_FAILURES failures per check and operation.
import type { SuiteConfig } from '../config.js';
import type { ContractModel, Operation } from '../contract.js';
import { Results } from '../results.js';
import type { RunOutcome } from '../runner.js';
import { toExchange, type ObservedExchange } from './observed.js';

/** Failures kept per check and operation, with their curl lines; the rest are counted. */
export const KEEP_FAILURES = 3;
/** Distinct examples kept of each kind of exchange that was not checked. */
const KEEP_EXAMPLES = 20;

export interface NotChecked {
  count: number;
  /** `METHOD path` (no query: it may carry a credential), the first few distinct ones. */
  examples: string[];
}

/** `{param}` segments of a spec path match any one segment. */
function operationMatcher(operations: Operation[]): (method: string, path: string) => Operation | undefined {
  const routes = operations.map((op) => ({
    op, pattern: new RegExp(`^${op.path.split('/').map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
  }));
  return (method, path) => routes.find((route) => route.op.method === method && route.pattern.test(path))?.op;
}

export class TrafficChecker {
  readonly results: Results;
  /** Requests outside the API's base path, or to a path or method the spec does not document: forwarded, not checked. */
  readonly undocumented: NotChecked = { count: 0, examples: [] };
  /** Exchanges without a complete response: the upstream refused or reset, or the client went away. */
  readonly incomplete: NotChecked = { count: 0, examples: [] };
  /** Exchanges whose response body was not seen: only their status and headers were checked. */
  readonly bodyUnread: NotChecked = { count: 0, examples: [] };
  exchanges = 0;
  private readonly match: (method: string, path: string) => Operation | undefined;
  private readonly basePath: string;

  constructor(readonly contract: ContractModel, readonly config: SuiteConfig, readonly source: string, private readonly maxBodyBytes: number) {
    this.results = new Results(contract, config, KEEP_FAILURES);
    this.match = operationMatcher(contract.operations);
    this.basePath = new URL(config.baseUrl).pathname.replace(/\/+$/, '');
  }

  /** Checks one exchange; `where` names it in a failure (e.g. the HAR entry). */
  check(observed: ObservedExchange, where = 'traffic'): void {
    this.exchanges++;
    const path = observed.target.split('?')[0]!;
    const label = `${observed.method} ${path}`;
    const inside = path === this.basePath || path.startsWith(`${this.basePath}/`);
    const operation = inside ? this.match(observed.method, path.slice(this.basePath.length)) : undefined;
    if (!operation) {
      this.note(this.undocumented, label);
      return;
    }
    if (observed.error !== undefined) {
      this.note(this.incomplete, `${label}: ${observed.error}`);
      return;
    }
    const { exchange, bodyUnread } = toExchange(observed, this.config.baseUrl, observed.target.slice(this.basePath.length), this.maxBodyBytes);
    if (bodyUnread) this.note(this.bodyUnread, label);
    this.results.record(where, label, operation, exchange, [], { bodyUnread });
  }

  /** An exchange with another origin than the API's (a HAR of a page also holds its assets'). */
  elsewhere(observed: ObservedExchange): void {
    this.exchanges++;
    this.note(this.undocumented, `${observed.method} ${observed.target.split('?')[0]}`);
  }

  private note(kind: NotChecked, example: string): void {
    kind.count++;
    const text = this.results.redact(example);
    if (kind.examples.length < KEEP_EXAMPLES && !kind.examples.includes(text)) kind.examples.push(text);
  }

  /** Findings that bind, in all (the failures kept are at most KEEP_FAILURES per check and operation). */
  get failed(): number {
    return this.results.checkTotals().reduce((sum, total) => sum + total.failed, 0);
  }

  /** The run so far, in the shape the suite's reports (console, JUnit, coverage page) take. */
  outcome(): RunOutcome {
    return { config: this.config, results: this.results, coverage: this.results.coverage(this.contract.operations), phases: [], passed: this.failed === 0 };
  }
}
