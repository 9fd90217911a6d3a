// Checks of what a particular request should get, attached by the phase that made it.
import { checkInfo, type CheckName, type Tier } from './registry.js';
import { excerpt, fail, pass, type Check, type CheckContext } from './types.js';

const statusOf = (ctx: Parameters<Check>[0]) => ctx.exchange.response?.status;

/** A value outside a constraint is rejected with a documented 4xx. */
export function negativeDataRejection(what: string, tier?: Tier): Check {
  return (ctx) => {
    const status = statusOf(ctx);
    if (status === undefined) return undefined;
    const name = 'negative_data_rejection';
    const documented4xx = [...ctx.operation.responses.keys()].filter((s) => s.startsWith('4'));
    return status >= 400 && status < 500 && documented4xx.includes(String(status))
      ? pass(name, tier)
      : fail(name, `${what} rejected with ${documented4xx.join(' or ')}`, `${status} ${excerpt(ctx.exchange.response!.text)}`, tier);
  };
}

// The fields each billing validation code is about (VALIDATION_FAILED: any body field).
const CODE_FIELDS: Record<string, string[] | 'any'> = {
  INVALID_NO_SERVICES_FORMAT: ['no_services'], NO_SERVICES_REQUIRED: ['no_services'], NO_SERVICES_OR_INVOICE_REQUIRED: ['no_services', 'invoice'],
  INVALID_INVOICE_FORMAT: ['invoice'], INVALID_STATUS_FILTER: ['status'], INVALID_MONTH: ['month'], INVALID_YEAR: ['year'], VALIDATION_FAILED: 'any',
};

/** A value inside every constraint of a field is not rejected as an invalid value of that field
 * (refusals for other reasons, e.g. 404 or another field's rule, are fine). */
export function positiveDataAcceptance(field: string, what: string, tier?: Tier): Check {
  return (ctx) => {
    const response = ctx.exchange.response;
    if (!response) return undefined;
    const name = 'positive_data_acceptance';
    const body = response.json as { errors?: Record<string, unknown>; error_code?: string } | undefined;
    const rejectedField = response.status === 422 && body?.errors && Object.keys(body.errors).some((f) => f === field || f.startsWith(`${field}.`));
    const fields = typeof body?.error_code === 'string' ? CODE_FIELDS[body.error_code] : undefined;
    const rejectedCode = fields === 'any' || (fields?.includes(field) ?? false);
    return rejectedField || rejectedCode ? fail(name, `${what} accepted`, `${response.status} ${excerpt(response.text)}`, tier) : pass(name, tier);
  };
}

/** The tier of a finding about an error_code: the contract's for a code the reference names, the
 * reference server's for one of its own naming (another implementation may name it otherwise). */
const codeTier = (ctx: CheckContext, check: CheckName, errorCode: string): Tier =>
  ctx.contract.statedErrorCodes.has(errorCode) ? checkInfo(check).tier : 'reference';

/** A status, and with it an error_code: the status binds as the check does; the code binds as
 * `codeTier` says. */
export function statusAndCode(check: CheckName, what: string, statuses: number[], errorCode?: string): Check {
  return (ctx) => {
    const response = ctx.exchange.response;
    if (!response) return undefined;
    const seen = `${response.status} ${excerpt(response.text)}`;
    if (!statuses.includes(response.status)) return fail(check, `${what}: ${statuses.join(' or ')}${errorCode ? ` ${errorCode}` : ''}`, seen);
    const code = (response.json as { error_code?: string } | undefined)?.error_code;
    if (errorCode === undefined || code === errorCode) return pass(check);
    return fail(check, `${what}: ${statuses.join(' or ')} ${errorCode}`, seen, codeTier(ctx, check, errorCode));
  };
}

/** A request with missing or bad credentials is refused with the documented status (and code). */
export const ignoredAuth = (what: string, statuses: number[], errorCode?: string): Check => statusAndCode('ignored_auth', what, statuses, errorCode);

/** Whether `holds` holds: an answer of another shape than the expectation reads (a missing object) does not. */
function holdsFor(holds: (status: number, body: any) => boolean, status: number, body: unknown): boolean {
  try {
    return holds(status, body);
  } catch {
    return false;
  }
}

/** A stateful expectation of a scenario, under the check name that says what it guards; `tier`
 * 'reference' for a rule of the reference server's own. */
export function expectation(check: CheckName, expected: string, holds: (status: number, body: any) => boolean, tier?: Tier): Check {
  return (ctx) => {
    const response = ctx.exchange.response;
    if (!response) return undefined;
    return holdsFor(holds, response.status, response.json) ? pass(check, tier) : fail(check, expected, `${response.status} ${excerpt(response.text)}`, tier);
  };
}
