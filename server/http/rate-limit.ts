// Abuse limits on login, forgot-password and verify-otp: per client address and per account
// (identifier or no_services), each over a window. Counters live in memory for one process, or in
// Redis (REDIS_URL) so that several processes share them. A 429 carries Retry-After.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import type { RateLimit, RateLimitedRoute } from '../config.js';
import type { Logger } from '../shared/logger.js';

// INCR and set the window on the first hit, atomically; answers the count and the time left.
const INCREMENT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

class RedisStore implements Store {
  private windowMs = 60_000;
  readonly localKeys = false;
  constructor(private readonly redis: Redis, readonly prefix: string) {}
  init(options: Options): void {
    this.windowMs = options.windowMs;
  }
  async increment(key: string): Promise<IncrementResponse> {
    const [totalHits, ttl] = (await this.redis.eval(INCREMENT, 1, this.prefix + key, String(this.windowMs))) as [number, number];
    return { totalHits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : this.windowMs)) };
  }
  async decrement(key: string): Promise<void> {
    await this.redis.decr(this.prefix + key);
  }
  async resetKey(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

const ROUTES: Record<RateLimitedRoute, { path: string; account: (body: Record<string, unknown>) => unknown; countSuccess: boolean }> = {
  login: { path: '/api/auth/login', account: (body) => body.identifier, countSuccess: false },
  forgotPassword: { path: '/api/auth/forgot-password', account: (body) => body.no_services, countSuccess: true },
  verifyOtp: { path: '/api/auth/verify-otp', account: (body) => body.no_services, countSuccess: false },
};

const TOO_MANY = { message: 'Terlalu banyak percobaan. Silakan coba lagi nanti.' };

export function rateLimits(limits: Record<RateLimitedRoute, RateLimit>, redis: Redis | undefined, logger: Logger): { path: string; handlers: RequestHandler[] }[] {
  return (Object.keys(ROUTES) as RateLimitedRoute[]).map((route) => {
    const { path, account, countSuccess } = ROUTES[route];
    const limit = limits[route];
    const limiter = (scope: 'client' | 'account', max: number, key: (req: Request) => string | undefined) =>
      rateLimit({
        windowMs: limit.windowSeconds * 1000,
        limit: max,
        standardHeaders: false,
        legacyHeaders: false,
        skipSuccessfulRequests: !countSuccess,
        // A broken Redis must not lock everyone out: let the request through and say so in the log.
        passOnStoreError: true,
        ...(redis ? { store: new RedisStore(redis, `jwi:rl:${route}:${scope}:`) } : {}),
        skip: (req) => key(req) === undefined,
        keyGenerator: (req) => key(req)!,
        handler: (req, res) => {
          const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
          const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + limit.windowSeconds * 1000) - Date.now()) / 1000));
          logger.warn({ route, scope, requestId: res.locals.requestId }, 'rate limit reached');
          res.status(429).set('Retry-After', String(seconds)).json(TOO_MANY);
        },
      });
    return {
      path,
      handlers: [
        limiter('client', limit.perClient, (req) => ipKeyGenerator(req.ip ?? '')),
        limiter('account', limit.perAccount, (req) => {
          const value = account((req.body ?? {}) as Record<string, unknown>);
          return typeof value === 'string' && value !== '' ? value.trim().toLowerCase() : undefined;
        }),
      ],
    };
  });
}
