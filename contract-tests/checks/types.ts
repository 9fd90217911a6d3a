// A check is a small named function of one exchange: an outcome (passed or failed, with what was
// expected and what was seen), or undefined when it does not apply to this exchange.
import type { SuiteConfig } from '../config.js';
import type { ContractModel, DocumentedResponse, Operation } from '../contract.js';
import type { Exchange } from '../http.js';
import { checkInfo, type CheckName, type Tier } from './registry.js';

export interface CheckContext {
  contract: ContractModel;
  config: SuiteConfig;
  operation: Operation;
  exchange: Exchange;
}

export interface CheckOutcome {
  check: CheckName;
  /** The check's own tier, or the reference tier for a rule of the reference server's own. */
  tier: Tier;
  ok: boolean;
  expected?: string;
  actual?: string;
  /** What the finding is about, where `expected` does not say it (the undeclared properties): differences are counted by it. */
  subject?: string;
}

export type Check = (ctx: CheckContext) => CheckOutcome | undefined;

/** The documented response matching the exchange's status, if any. */
export function documented(ctx: CheckContext): DocumentedResponse | undefined {
  const status = ctx.exchange.response?.status;
  return status === undefined ? undefined : ctx.operation.responses.get(String(status)) ?? ctx.operation.responses.get('default');
}

export const pass = (check: CheckName, tier: Tier = checkInfo(check).tier): CheckOutcome => ({ check, tier, ok: true });
export const fail = (check: CheckName, expected: string, actual: string, tier: Tier = checkInfo(check).tier): CheckOutcome =>
  ({ check, tier, ok: false, expected, actual });

/** A short form of a body for messages. */
export function excerpt(text: string | undefined, max = 300): string {
  if (!text) return '(empty body)';
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
