// MSW handlers of every operation of the spec (generated/msw.ts gives them their types from the
// generated `paths`). Like the Prism mock, each answers with the spec's named examples and keeps no
// state, after refusing what the API refuses first: missing credentials (401, or the billing
// envelope's 400 API_KEY_MISSING on the API-key operations, as the real API answers and Prism
// cannot), then an invalid request (the operation's documented 422 or billing error, from the
// spec's validator). The outcome is the request's `Prefer` (the mock's words), else the one a test
// chose for the handler, else the operation's first success example.
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { JsonObject } from '../../lib/spec/document.js';
import { readRefusals, type Refusal } from '../../lib/spec/refusals.js';
import { createSchemaValidator } from '../../lib/spec/validator.js';
import { findOutcome, readOperations, type MockOperation, type Outcome } from './operations.js';
import { preferenceOf } from './prefer.js';
import { missingCredentials, refuseInvalid } from './request-check.js';

export interface MockHandlers {
  /** One handler per operation, answering its first success example. */
  handlers: HttpHandler[];
  /** A handler of `operation` answering the documented outcome `status` (its example `example`, else its first). */
  outcome(operation: string, status: number, example?: string): HttpHandler;
  /** A handler of `operation` answering `status` with `body`, which must be valid against the spec's schema for it. */
  override(operation: string, status: number, body: unknown): HttpHandler;
}

type Answer = Pick<Outcome, 'status' | 'mediaType' | 'headers'> & { body: unknown };

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options';

const reply = (answer: Answer) =>
  new HttpResponse(JSON.stringify(answer.body), { status: answer.status, headers: { ...answer.headers, 'Content-Type': answer.mediaType } });

const refusalAnswer = (refusal: Refusal): Answer => ({ ...refusal, mediaType: 'application/json', headers: {} });

const found = (outcome: Outcome | string): Outcome => {
  if (typeof outcome === 'string') throw new Error(outcome);
  return outcome;
};

export function createMockHandlers(spec: JsonObject, baseUrl: string): MockHandlers {
  const operations = readOperations(spec);
  const validator = createSchemaValidator(spec);
  const refusals = readRefusals(spec);
  const base = baseUrl.replace(/\/+$/, '');

  /** The answer to a request without credentials: the 401, or the API-key operation's 400 API_KEY_MISSING. */
  const withoutCredentials = new Map([...operations.values()].filter((op) => op.security !== 'none').map((op) => {
    if (op.security === 'bearer') return [op.key, found(findOutcome(op, 401))];
    const missingKey = [...(op.outcomes.get(400)?.values() ?? [])].find((o) => (o.body as { error_code?: unknown }).error_code === 'API_KEY_MISSING');
    if (!missingKey) throw new Error(`${op.key}: no 400 example with error_code API_KEY_MISSING`);
    return [op.key, missingKey];
  }));

  const operation = (key: string): MockOperation => {
    const op = operations.get(key);
    if (!op) throw new Error(`no operation ${key} in the contract; operations: ${[...operations.keys()].join(', ')}`);
    return op;
  };

  /** A handler of `op`: refusals first, then the request's Prefer, else `chosen`. */
  const handler = (op: MockOperation, chosen: Answer): HttpHandler =>
    http[op.method.toLowerCase() as Method](`${base}${op.path}`, async ({ request }) => {
      if (missingCredentials(op, request)) return reply(withoutCredentials.get(op.key)!);
      const invalid = await refuseInvalid(op, request, validator, refusals);
      if (invalid) return reply(refusalAnswer(invalid));
      const preference = preferenceOf(request);
      return reply(preference ? found(findOutcome(op, preference.code, preference.example)) : chosen);
    });

  return {
    handlers: [...operations.values()].map((op) => handler(op, op.fallback)),
    outcome: (key, status, example) => {
      const op = operation(key);
      return handler(op, found(findOutcome(op, status, example)));
    },
    override: (key, status, body) => {
      const op = operation(key);
      const documented = found(findOutcome(op, status));
      const problems = validator.validate(validator.responsePointer(op.path, op.method, String(status), documented.mediaType)!, body);
      if (problems.length > 0) throw new Error(`override of ${key} ${status}: the body breaks the contract: ${problems.join('; ')}`);
      return handler(op, { ...documented, body });
    },
  };
}
