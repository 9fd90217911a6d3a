// Checks of what a particular request should get, attached by the phase that made it.
import { excerpt, fail, pass, type Check } from './types.js';

const statusOf = (ctx: Parameters<Check>[0]) => ctx.exchange.response?.status;

/** A value outside a constraint is rejected with a documented 4xx. */
export function negativeDataRejection(what: string): Check {
  return (ctx) => {
    const status = statusOf(ctx);
    if (status === undefined) return undefined;
    const name = 'negative_data_rejection';
    const documented4xx = [...ctx.operation.responses.keys()].filter((s) => s.startsWith('4'));
    return status >= 400 && status < 500 && documented4xx.includes(String(status))
      ? pass(name)
      : fail(name, `${what} rejected with ${documented4xx.join(' or ')}`, `${status} ${excerpt(ctx.exchange.response!.text)}`);
  };
}

// The fields each billing validation code is about (VALIDATION_FAILED: any body field).
const CODE_FIELDS: Record<string, string[] | 'any'> = {
  INVALID_NO_SERVICES_FORMAT: ['no_services'], NO_SERVICES_REQUIRED: ['no_services'], NO_SERVICES_OR_INVOICE_REQUIRED: ['no_services', 'invoice'],
  INVALID_INVOICE_FORMAT: ['invoice'], INVALID_STATUS_FILTER: ['status'], INVALID_MONTH: ['month'], INVALID_YEAR: ['year'], VALIDATION_FAILED: 'any',
};

/** A value inside every constraint of a field is not rejected as an invalid value of that field
 * (refusals for other reasons, e.g. 404 or another field's rule, are fine). */
export function positiveDataAcceptance(field: string, what: string): Check {
  return (ctx) => {
    const response = ctx.exchange.response;
    if (!response) return undefined;
    const name = 'positive_data_acceptance';
    const body = response.json as { errors?: Record<string, unknown>; error_code?: string } | undefined;
    const rejectedField = response.status === 422 && body?.errors && Object.keys(body.errors).some((f) => f === field || f.startsWith(`${field}.`));
    const fields = typeof body?.error_code === 'string' ? CODE_FIELDS[body.error_code] : undefined;
    const rejectedCode = fields === 'any' || (fields?.includes(field) ?? false);
    return rejectedField || rejectedCode ? fail(name, `${what} accepted`, `${response.status} ${excerpt(response.text)}`) : pass(name);
  };
}

/** A request with missing or bad credentials is refused with the documented status. */
export function ignoredAuth(what: string, statuses: number[], errorCode?: string): Check {
  return (ctx) => {
    const response = ctx.exchange.response;
    if (!response) return undefined;
    const name = 'ignored_auth';
    const code = (response.json as { error_code?: string } | undefined)?.error_code;
    const ok = statuses.includes(response.status) && (errorCode === undefined || code === errorCode);
    return ok ? pass(name) : fail(name, `${what}: ${statuses.join(' or ')}${errorCode ? ` ${errorCode}` : ''}`, `${response.status} ${excerpt(response.text)}`);
  };
}

/** A stateful expectation of a scenario, under the check name that says what it guards. */
export function expectation(check: string, expected: string, holds: (status: number, body: any) => boolean): Check {
  return (ctx) => {
    const response = ctx.exchange.response;
    if (!response) return undefined;
    return holds(response.status, response.json) ? pass(check) : fail(check, expected, `${response.status} ${excerpt(response.text)}`);
  };
}
