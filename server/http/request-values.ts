// What a request may carry that the spec's validator lets through, refused as invalid fields in the
// operation's family, like the validator's findings:
// - a NUL character (U+0000) in any string of the body or the query, checked before anything reads
//   them (the rate limits keyed by the body look accounts up with them): PostgreSQL's text cannot
//   hold one (the query failed: a 500), SQLite would store it, and no client has a reason to send one
//   (docs/decisions.md, `no-nul-character`);
// - a query number not written as decimal digits (`0x10`, `1e3`, `2.0` for an integer, ` 1`),
//   checked before the validator: its coercion of query text reads any text JavaScript's Number()
//   reads, so `page=0x10` was page 16 (lib/spec/query.ts says how a query number is written);
// - a number that is not finite, checked after the validator: a query integer of 400 digits, or a
//   body's `1e400`, is Infinity once read, and passes the validator's integer and `maximum` checks.
import type { Request } from 'express';
import { operationOf } from './operations.js';
import type { Handler } from './sequence.js';
import { QUERY_NUMBER } from '../../lib/spec/query.js';
import type { Finding } from '../../lib/spec/refusals.js';

/** The validator's kind of error (status 400 with findings): the error middleware shapes both alike. */
export class RefusedValues extends Error {
  override name = 'RefusedValues';
  readonly status = 400;
  constructor(readonly errors: Finding[]) {
    super('a request value is refused');
  }
}

/** The JSON pointers (`/body/data/k`) of the values in `value` that `bad` finds, keys included (at their object). */
function pointersIn(value: unknown, bad: (leaf: unknown) => boolean, pointer: string, found: string[]): string[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => pointersIn(item, bad, `${pointer}/${i}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (bad(key)) found.push(pointer);
      else pointersIn(item, bad, `${pointer}/${key}`, found);
    }
  } else if (bad(value)) {
    found.push(pointer);
  }
  return found;
}

/** Refuses a request whose body or query holds a value `bad` finds, as the finding `errorCode`. */
const refuse = (bad: (leaf: unknown) => boolean, finding: Omit<Finding, 'path'>): Handler => (req: Request, _res, next) => {
  const found = pointersIn(req.query, bad, '/query', pointersIn(req.body, bad, '/body', []));
  if (found.length === 0) return next();
  throw new RefusedValues([...new Set(found)].map((path) => ({ path, ...finding })));
};

export const refuseNulCharacters = (): Handler =>
  refuse((leaf) => typeof leaf === 'string' && leaf.includes('\u0000'), { message: 'must not contain a NUL character', errorCode: 'nul.openapi.validation' });

export const refuseNonFiniteNumbers = (): Handler =>
  refuse((leaf) => typeof leaf === 'number' && !Number.isFinite(leaf), { message: 'must be integer', errorCode: 'type.openapi.validation' });

/** Refuses a query value of a parameter declared as a number that is not written as one (the
 * validator would read `0x10` as 16), with the validator's finding for a value of the wrong type. */
export const refuseLooseQueryNumbers = (): Handler => (req, _res, next) => {
  const { queryNumbers } = operationOf(req);
  if (queryNumbers.size === 0) return next();
  const query = req.query as Record<string, unknown>;
  const loose = [...queryNumbers].filter(([name, type]) => typeof query[name] === 'string' && !QUERY_NUMBER[type].test(query[name]));
  if (loose.length === 0) return next();
  throw new RefusedValues(loose.map(([name, type]) => ({ path: `/query/${name}`, message: `must be ${type}`, errorCode: 'type.openapi.validation' })));
};
