// What a request may carry that the spec's validator lets through and storage cannot take, refused
// as invalid fields in the operation's family, like the validator's findings:
// - a NUL character (U+0000) in any string of the body or the query, checked before anything reads
//   them (the rate limits keyed by the body look accounts up with them): PostgreSQL's text cannot
//   hold one (the query failed: a 500), SQLite would store it, and no client has a reason to send one
//   (docs/decisions.md, `no-nul-character`);
// - a number that is not finite, checked after the validator: the validator's coercion turns
//   a query's `Infinity` or `1e400` into Infinity and lets it pass its integer and `maximum` checks.
import type { Request } from 'express';
import type { Handler } from './sequence.js';
import type { Finding } from '../../lib/spec/refusals.js';

/** The validator's kind of error (status 400 with findings): the error middleware shapes both alike. */
export class UnstorableValues extends Error {
  override name = 'UnstorableValues';
  readonly status = 400;
  constructor(readonly errors: Finding[]) {
    super('a request value cannot be stored');
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
  throw new UnstorableValues([...new Set(found)].map((path) => ({ path, ...finding })));
};

export const refuseNulCharacters = (): Handler =>
  refuse((leaf) => typeof leaf === 'string' && leaf.includes('\u0000'), { message: 'must not contain a NUL character', errorCode: 'nul.openapi.validation' });

export const refuseNonFiniteNumbers = (): Handler =>
  refuse((leaf) => typeof leaf === 'number' && !Number.isFinite(leaf), { message: 'must be integer', errorCode: 'type.openapi.validation' });
