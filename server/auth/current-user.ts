// The authenticated user of a request, set by the bearer security handler.
import type { Request } from 'express';
import { AppError } from '../errors.js';
import type { UserRow } from './repository.js';
import type { AuthService } from './service.js';
import type { VerifiedToken } from './tokens.js';

interface Authenticated {
  user: UserRow;
  token: VerifiedToken;
}

const authenticated = new WeakMap<Request, Authenticated>();

/** The validator's bearerAuth handler: true when the token is valid, unexpired and not revoked. */
export function bearerAuthenticator(auth: AuthService) {
  return async (req: Request): Promise<boolean> => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '');
    const result = match ? await auth.authenticate(match[1]!) : undefined;
    if (!result) throw AppError.unauthenticated();
    authenticated.set(req, result);
    return true;
  };
}

export function currentAuth(req: Request): Authenticated {
  const result = authenticated.get(req);
  if (!result) throw AppError.unauthenticated();
  return result;
}

export const currentUser = (req: Request): UserRow => currentAuth(req).user;
