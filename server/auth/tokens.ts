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
  const verified = new Map<string, VerifiedToken>();
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
      // A signature checked once stays valid: a client sends the same token on every request, so
      // the claims of recently seen tokens are kept (expiry is still checked each time).
      let claims = verified.get(token);
      if (!claims) {
        try {
          const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: clock.now() });
          if (!payload.sub || !payload.jti || !payload.exp) return undefined;
          claims = { userUid: payload.sub, jti: payload.jti, expiresAt: payload.exp };
        } catch {
          return undefined;
        }
        if (verified.size >= 10_000) verified.delete(verified.keys().next().value!);
        verified.set(token, claims);
      }
      return claims.expiresAt > epochSeconds(clock.now()) ? claims : undefined;
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
