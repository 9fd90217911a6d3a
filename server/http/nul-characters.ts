// One check of every string a request sends, in its body and its query, before anything reads them
// (the rate limits keyed by the body look accounts up with them): a NUL character (U+0000) is
// refused as an invalid field, in the operation's family, like the validator's findings. PostgreSQL's
// text cannot hold one (the query failed: a 500), SQLite would store it, and no client has a reason
// to send one (docs/decisions.md, `no-nul-character`).
import type { Request } from 'express';
import type { Handler } from './sequence.js';
import type { Finding } from './validation-errors.js';

/** The validator's kind of error (status 400 with findings): the error middleware shapes both alike. */
export class NulCharacters extends Error {
  override name = 'NulCharacters';
  readonly status = 400;
  constructor(readonly errors: Finding[]) {
    super('a request string holds a NUL character');
  }
}

/** The JSON pointers (`/body/data/k`) of the strings in `value` that hold a NUL, keys included (at their object). */
function nulsIn(value: unknown, pointer: string, found: string[]): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(pointer);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulsIn(item, `${pointer}/${i}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push(pointer);
      else nulsIn(item, `${pointer}/${key}`, found);
    }
  }
  return found;
}

export const refuseNulCharacters = (): Handler => (req: Request, _res, next) => {
  const found = nulsIn(req.query, '/query', nulsIn(req.body, '/body', []));
  if (found.length === 0) return next();
  throw new NulCharacters([...new Set(found)].map((path) => ({ path, message: 'must not contain a NUL character', errorCode: 'nul.openapi.validation' })));
};
