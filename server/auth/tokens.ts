// Bearer tokens: JWT HS256 with a unique jti and an expiry; revocation is checked by the caller.
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { epochSeconds, type Clock } from '../shared/clock.js';

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

export interface VerifiedToken {
  userUid: string;
  jti: string;
  expiresAt: number; // epoch seconds
}

export function tokenService(secret: string, ttlSeconds: number, clock: Clock) {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(userUid: string): Promise<IssuedToken> {
      const now = epochSeconds(clock.now());
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userUid)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },

    /** The token's claims, or undefined when it is malformed, wrongly signed, not HS256 or expired. */
    async verify(token: string): Promise<VerifiedToken | undefined> {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: clock.now() });
        if (!payload.sub || !payload.jti || !payload.exp) return undefined;
        return { userUid: payload.sub, jti: payload.jti, expiresAt: payload.exp };
      } catch {
        return undefined;
      }
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
