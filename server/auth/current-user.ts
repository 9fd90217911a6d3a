// The authenticated user of a request: the bearer guard checks the token (valid signature, not
// expired, not revoked, active user) before anything else, and remembers who it is.
import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors.js';
import { guardOperations } from '../http/security.js';
import type { UserRow } from './repository.js';
import type { AuthService } from './service.js';
import type { VerifiedToken } from './tokens.js';

/** The user a request is made by, as other components see it (they do not read auth's repository). */
export type CurrentUser = UserRow;

interface Authenticated {
  user: CurrentUser;
  token: VerifiedToken;
}

const authenticated = new WeakMap<Request, Authenticated>();

export function bearerGuard(auth: AuthService): RequestHandler {
  return guardOperations('bearer', async (req) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '');
    const result = match ? await auth.authenticate(match[1]!) : undefined;
    if (!result) throw AppError.unauthenticated();
    authenticated.set(req, result);
  });
}

export function currentAuth(req: Request): Authenticated {
  const result = authenticated.get(req);
  if (!result) throw AppError.unauthenticated();
  return result;
}

export const currentUser = (req: Request): CurrentUser => currentAuth(req).user;
