// Authentication in front of the spec validator: each operation's security requirement (bearer
// or API key) is enforced by our own middleware, so that it holds whether or not validation runs,
// and comes before the body is read (no credentials: 401, even for a malformed body).
import type { Request, RequestHandler } from 'express';
import { listOperations } from '../../lib/spec/bundle.js';
import type { Contract } from '../shared/contract.js';

/** Runs `check` on the requests for the operations secured by `scheme`; it throws to refuse one. */
export function guardOperations(contract: Contract, scheme: 'bearer' | 'apiKey', check: (req: Request) => Promise<void>): RequestHandler {
  const guarded = new Set(listOperations(contract.spec).filter((op) => op.security === scheme).map((op) => `${op.method} /api${op.path}`));
  return async (req, _res, next) => {
    if (!guarded.has(`${req.method} ${req.path}`)) return next();
    try {
      await check(req);
      next();
    } catch (error) {
      next(error);
    }
  };
}
