// What a scenario is, and the helpers its steps use.
import { expectation, statusAndCode } from '../checks/expectations.js';
import type { CheckName, Tier } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import type { Exchange } from '../http.js';
import type { RequestParts, Session } from '../session.js';

export interface Scenario {
  name: string;
  /** Why it cannot run against this target (what to configure), or undefined. */
  skipReason?(session: Session): string | undefined;
  run(flow: Flow): Promise<void>;
}

/** Named steps of one scenario: each sends a request and attaches the scenario's expectations. */
export class Flow {
  constructor(readonly session: Session, readonly scenario: string, readonly phase = 'scenarios') {}

  step(description: string, key: string, request: RequestParts, ...checks: Check[]): Promise<Exchange> {
    return this.session.call(this.phase, `${this.scenario}: ${description}`, key, request, checks);
  }

  /** A step that is there to reach a rate limit: its 429 is the answer it looks for, not one to wait out. */
  stepToLimit(description: string, key: string, request: RequestParts, ...checks: Check[]): Promise<Exchange> {
    return this.session.call(this.phase, `${this.scenario}: ${description}`, key, request, checks, { expectsLimit: true });
  }

  /** Bearer credentials for a token. */
  static bearer(token: string): Record<string, string> {
    return { Authorization: `Bearer ${token}` };
  }
}

/** The response has this status (the check name says which property of the API it guards; tier
 * 'reference' where the rule is the reference server's own). */
export const status = (expected: number, check: CheckName = 'stateful_behaviour', tier?: Tier): Check =>
  expectation(check, `status ${expected}`, (actual) => actual === expected, tier);

/** The response has this status and its body satisfies `holds`. */
export const statusAnd = (expected: number, what: string, holds: (body: any) => boolean, check: CheckName = 'stateful_behaviour', tier?: Tier): Check =>
  expectation(check, `status ${expected} and ${what}`, (actual, body) => actual === expected && Boolean(body) && holds(body), tier);

/** The response has this status and billing error_code (a code of the reference server's own
 * naming binds where its rules do: elsewhere only the status). */
export const statusCode = (expected: number, errorCode: string, check: CheckName = 'stateful_behaviour'): Check =>
  statusAndCode(check, errorCode, [expected], errorCode);
