// Abuse limits on the operations that guess secrets (login, OTPs) or cost a bcrypt hash or a file
// write: per client address over a short window, and per account over a long one. The per-client limit runs before
// the body is read; the per-account one after (its key may come from the body), keyed on the
// account itself, so that an email and a customer number of one account share one budget.
// Counters live in memory for one process, or in Redis (REDIS_URL) so that several processes share
// them. A 429 carries Retry-After.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import type { RateLimit, RateLimitedRoute } from '../config.js';
import type { Logger } from '../shared/logger.js';
import { operationOf } from './operations.js';

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

/** How the account of a request is found: the server's auth component answers these. */
export interface AccountKeys {
  /** The account a login identifier (email or customer number) or a customer number names. */
  byIdentifier(identifier: string): Promise<number | undefined>;
  /** The authenticated account of the request (the bearer guard ran before). */
  current(req: Request): number;
}

type AccountOf = (req: Request, accounts: AccountKeys) => Promise<string | undefined>;

const bodyField = (req: Request, name: string): string | undefined => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** The account named by a body field: its id when it exists, else the text itself (so unknown names are limited too). */
const namedAccount = (field: string): AccountOf => async (req, accounts) => {
  const name = bodyField(req, field);
  if (name === undefined) return undefined;
  const id = await accounts.byIdentifier(name);
  return id === undefined ? `name:${name.toLowerCase()}` : `account:${id}`;
};
const currentAccount: AccountOf = async (req, accounts) => `account:${accounts.current(req)}`;

/** Which operation each limit guards, whose budget it spends, and whether successes count. */
const ROUTES: Record<RateLimitedRoute, { operation: string; account: AccountOf; countSuccess: boolean }> = {
  login: { operation: 'POST /auth/login', account: namedAccount('identifier'), countSuccess: false },
  forgotPassword: { operation: 'POST /auth/forgot-password', account: namedAccount('no_services'), countSuccess: true },
  verifyOtp: { operation: 'POST /auth/verify-otp', account: namedAccount('no_services'), countSuccess: false },
  resetPassword: { operation: 'POST /auth/reset-password', account: namedAccount('no_services'), countSuccess: true },
  // Nobody owns an email before registering: the budget is the email's.
  register: { operation: 'POST /auth/register', account: async (req) => bodyField(req, 'email')?.toLowerCase(), countSuccess: true },
  changePassword: { operation: 'POST /auth/change-password', account: currentAccount, countSuccess: true },
  profilePhoto: { operation: 'POST /customer/profile-photo', account: currentAccount, countSuccess: true },
};

export const RATE_LIMITED_OPERATIONS = Object.values(ROUTES).map((route) => route.operation);

const TOO_MANY = { message: 'Terlalu banyak percobaan. Silakan coba lagi nanti.' };

export interface RateLimiters {
  /** Per client address: before the body is read. */
  clients: RequestHandler;
  /** Per account: after the body is read. */
  accounts: RequestHandler;
}

export function rateLimiters(limits: Record<RateLimitedRoute, RateLimit>, redis: Redis | undefined, logger: Logger, accounts: AccountKeys): RateLimiters {
  const accountKeys = new WeakMap<Request, string>();
  const byClient = new Map<string, RequestHandler>();
  const byAccount = new Map<string, RequestHandler>();
  for (const route of Object.keys(ROUTES) as RateLimitedRoute[]) {
    const { operation, account, countSuccess } = ROUTES[route];
    const limit = limits[route];
    const limiter = (scope: 'client' | 'account', max: number, windowSeconds: number, key: (req: Request) => string) =>
      rateLimit({
        windowMs: windowSeconds * 1000,
        limit: max,
        standardHeaders: false,
        legacyHeaders: false,
        skipSuccessfulRequests: !countSuccess,
        // A broken Redis must not lock everyone out: let the request through and say so in the log.
        passOnStoreError: true,
        ...(redis ? { store: new RedisStore(redis, `jwi:rl:${route}:${scope}:`) } : {}),
        keyGenerator: key,
        handler: (req, res) => {
          const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
          const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + windowSeconds * 1000) - Date.now()) / 1000));
          logger.warn({ route, scope, requestId: res.locals.requestId }, 'rate limit reached');
          res.status(429).set('Retry-After', String(seconds)).json(TOO_MANY);
        },
      });
    byClient.set(operation, limiter('client', limit.perClient, limit.clientWindowSeconds, (req) => ipKeyGenerator(req.ip ?? '')));
    const perAccount = limiter('account', limit.perAccount, limit.accountWindowSeconds, (req) => accountKeys.get(req)!);
    byAccount.set(operation, async (req, res, next) => {
      try {
        const key = await account(req, accounts);
        if (key === undefined) return next(); // no account named: the validator will refuse the body
        accountKeys.set(req, key);
        await perAccount(req, res, next);
      } catch (error) {
        next(error);
      }
    });
  }
  const dispatch = (table: Map<string, RequestHandler>): RequestHandler => (req, res, next) => {
    const limiter = table.get(operationOf(req).key);
    if (!limiter) return next();
    return limiter(req, res, next);
  };
  return { clients: dispatch(byClient), accounts: dispatch(byAccount) };
}
