// Bearer tokens: JWT HS256 with a unique jti, an issuer and an audience, an expiry no further than
// the configured lifetime, and the account's token version (a password change moves it on).
// Revocation and the version are checked against the database by the caller, on every request.
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { epochSeconds, type Clock } from '../shared/clock.js';

export const TOKEN_ISSUER = 'jwi-reference-server';
export const TOKEN_AUDIENCE = 'jwi-customer-api';

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

export interface VerifiedToken {
  userUid: string;
  jti: string;
  expiresAt: number; // epoch seconds
  /** The account's token version when the token was issued. */
  version: number;
}

export function tokenService(secret: string, ttlSeconds: number, clock: Clock) {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, VerifiedToken>();
  return {
    async issue(userUid: string, version: number): Promise<IssuedToken> {
      const now = epochSeconds(clock.now());
      const token = await new SignJWT({ ver: version })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(userUid)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },

    /** The token's claims, or undefined when it is malformed, wrongly signed, not HS256, for
     * another issuer or audience, expired, or meant to live longer than this server issues tokens for. */
    async verify(token: string): Promise<VerifiedToken | undefined> {
      // A signature checked once stays valid: a client sends the same token on every request, so
      // the claims of recently seen tokens are kept (expiry is still checked each time).
      let claims = verified.get(token);
      if (!claims) {
        try {
          const { payload } = await jwtVerify(token, key, {
            algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, requiredClaims: ['sub', 'jti', 'iat', 'exp'], currentDate: clock.now(),
          });
          const lifetime = Math.max(payload.exp! - payload.iat!, payload.exp! - epochSeconds(clock.now()));
          if (lifetime > ttlSeconds || !Number.isSafeInteger(payload.ver)) return undefined;
          claims = { userUid: payload.sub!, jti: payload.jti!, expiresAt: payload.exp!, version: payload.ver as number };
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
