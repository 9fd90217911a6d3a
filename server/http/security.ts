// Authentication in front of the body and the spec validator: each operation's security
// requirement (bearer or API key) is enforced by our own middleware on the resolved operation, so
// that it holds whether or not validation runs, and comes before the body is read (no
// credentials: 401, even for a malformed body).
import type { Request, RequestHandler } from 'express';
import type { SpecOperation } from '../../lib/spec/bundle.js';
import { operationOf } from './operations.js';

/** Runs `check` on the requests for the operations secured by `scheme`; it throws to refuse one. */
export function guardOperations(scheme: Exclude<SpecOperation['security'], 'none'>, check: (req: Request) => Promise<void>): RequestHandler {
  return async (req, _res, next) => {
    if (operationOf(req).security !== scheme) return next();
    try {
      await check(req);
      next();
    } catch (error) {
      next(error);
    }
  };
}
