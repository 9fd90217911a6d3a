// Abuse limits on the operations that guess secrets (login, OTPs, whether an email is taken), cost
// a bcrypt hash or a file write, open a ticket or send a message, and on every API-key operation.
// Each limited operation has budgets, each counting requests per key over a window: the client
// address (short window: bursts); the account the request names or is logged in as (long window:
// guessing), from each client address and, higher, from all of them (a guesser at one address does
// not lock the owner out elsewhere); for forgot-password, the phone number the OTP goes to (across
// accounts); for the API-key operations, the partner key. Budgets keyed by the client or the key
// run before the body is read; the others after (their key may come from the body), keyed on the
// account itself, so that an email and a customer number of one account share one budget. Counters
// live in memory, or in Redis (REDIS_URL) for several processes (http/rate-limit-store.ts). A 429
// carries Retry-After, in the operation's family (the billing envelope's RATE_LIMITED on the
// API-key operations). Each operation's budgets are given to its registry entry at start-up
// (`limitsOf`, http/operations.ts), which refuses a limit for an operation the spec lacks.
import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RedisLink } from '../adapters/redis.js';
import type { SpecOperation } from '../../lib/spec/bundle.js';
import type { RateLimit, RateLimitedRoute, Window } from '../config.js';
import { AppError } from '../errors.js';
import type { Contract } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import { operationOf, type OperationLimits } from './operations.js';
import { SharedStore } from './rate-limit-store.js';
import { inSequence, type Handler } from './sequence.js';

/** How the account of a request is found: the server's auth component answers these. */
export interface AccountKeys {
  /** The account a login identifier (email or customer number) or a customer number names. */
  byIdentifier(identifier: string): Promise<number | undefined>;
  /** The number a password-reset OTP for the account of this customer number goes to. */
  otpDestination(noServices: string): Promise<string | undefined>;
  /** The authenticated account of the request (the bearer guard ran before). */
  current(req: Request): number;
}

/** Who is calling: the accounts, and the partner key the API-key guard accepted. */
export interface Callers extends AccountKeys {
  apiKey(req: Request): number;
}

/** The key a request spends a budget under; undefined: the budget does not apply to it. */
type KeyOf = (req: Request, callers: Callers) => Promise<string | undefined>;

interface Budget {
  scope: string;
  /** `front`: before the body is read (its key does not need the body); `body`: after. */
  stage: 'front' | 'body';
  window: Window;
  key: KeyOf;
}

const bodyField = (req: Request, name: string): string | undefined => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const clientAddress: KeyOf = async (req) => ipKeyGenerator(req.ip ?? '');
/** The account named by a body field: its id when it exists, else the text itself (so unknown names are limited too). */
const namedAccount = (field: string): KeyOf => async (req, accounts) => {
  const name = bodyField(req, field);
  if (name === undefined) return undefined;
  const id = await accounts.byIdentifier(name);
  return id === undefined ? `name:${name.toLowerCase()}` : `account:${id}`;
};
const currentAccount: KeyOf = async (req, accounts) => `account:${accounts.current(req)}`;
// Nobody owns an email before registering: the budget is the email's.
const registeredEmail: KeyOf = async (req) => bodyField(req, 'email')?.toLowerCase();
const otpDestination: KeyOf = async (req, accounts) => {
  const noServices = bodyField(req, 'no_services');
  return noServices === undefined ? undefined : accounts.otpDestination(noServices);
};
/** The account `account` names, as seen from this client address. */
const fromClient = (account: KeyOf): KeyOf => async (req, callers) => {
  const name = await account(req, callers);
  return name === undefined ? undefined : `${name}|${await clientAddress(req, callers)}`;
};
const partnerKey: KeyOf = async (req, callers) => `key:${callers.apiKey(req)}`;

/** Which operation each limit guards, whose budget it spends, and whether successes count. */
const ROUTES: Record<RateLimitedRoute, { operation: string; account: KeyOf; countSuccess: boolean }> = {
  login: { operation: 'POST /auth/login', account: namedAccount('identifier'), countSuccess: false },
  forgotPassword: { operation: 'POST /auth/forgot-password', account: namedAccount('no_services'), countSuccess: true },
  verifyOtp: { operation: 'POST /auth/verify-otp', account: namedAccount('no_services'), countSuccess: false },
  resetPassword: { operation: 'POST /auth/reset-password', account: namedAccount('no_services'), countSuccess: true },
  register: { operation: 'POST /auth/register', account: registeredEmail, countSuccess: true },
  changePassword: { operation: 'POST /auth/change-password', account: currentAccount, countSuccess: true },
  profilePhoto: { operation: 'POST /customer/profile-photo', account: currentAccount, countSuccess: true },
  changeEmail: { operation: 'PUT /customer/email', account: currentAccount, countSuccess: true },
  createTicket: { operation: 'POST /help', account: currentAccount, countSuccess: true },
  sendTestNotification: { operation: 'POST /notification/test', account: currentAccount, countSuccess: true },
};

/** The operations limited per client and account; besides them, every API-key operation is limited per key. */
export const ACCOUNT_LIMITED_OPERATIONS = Object.values(ROUTES).map((route) => route.operation);
/** Read at start-up only, to give each operation its limits. */
const LIMITED_BY_OPERATION = new Map(Object.entries(ROUTES).map(([route, { operation }]) => [operation, route as RateLimitedRoute]));

export interface LimitSettings {
  routes: Record<RateLimitedRoute, RateLimit>;
  /** OTP messages to one phone number, whichever accounts ask for them. */
  otpDestination: Window;
  /** Requests of one partner key, to all API-key operations together. */
  apiKey: Window;
}

/** The budgets of one operation, in the order they are spent; undefined: it is not limited. */
function budgetsOf(settings: LimitSettings, op: SpecOperation): { route: string; countSuccess: boolean; budgets: Budget[] } | undefined {
  // One budget per key for all of them: its counters are shared (the route name 'apiKey' in the store).
  if (op.security === 'apiKey') return { route: 'apiKey', countSuccess: true, budgets: [{ scope: 'key', stage: 'front', window: settings.apiKey, key: partnerKey }] };
  const route = LIMITED_BY_OPERATION.get(`${op.method} ${op.path}`);
  if (route === undefined) return undefined;
  const { account, countSuccess } = ROUTES[route];
  const limit = settings.routes[route];
  const budgets: Budget[] = [
    { scope: 'client', stage: 'front', window: limit.perClient, key: clientAddress },
    // A guesser at one address spends the first alone; only many addresses together reach the second.
    { scope: 'account-client', stage: 'body', window: limit.perAccountFromClient, key: fromClient(account) },
    { scope: 'account', stage: 'body', window: limit.perAccount, key: account },
  ];
  if (route === 'forgotPassword') budgets.push({ scope: 'destination', stage: 'body', window: settings.otpDestination, key: otpDestination });
  return { route, countSuccess, budgets };
}

const TOO_MANY = { message: 'Terlalu banyak percobaan. Silakan coba lagi nanti.' };
const KEY_TOO_MANY = 'Terlalu banyak permintaan dengan API key ini. Ulangi setelah Retry-After detik.';

export interface RateLimiters {
  /** An operation's budgets: those whose key does not need the body, and those keyed by what it names. */
  limitsOf(op: SpecOperation): OperationLimits;
  /** The operations limited per client and account, `METHOD /path`: each must be in the spec. */
  limitedOperations: string[];
}

interface Dependencies {
  contract: Contract;
  redis: RedisLink | undefined;
  logger: Logger;
  callers: Callers;
}

export function rateLimiters(settings: LimitSettings, { contract, redis, logger, callers }: Dependencies): RateLimiters {
  const keys = new WeakMap<Request, Map<string, string>>();
  /** The 429 of the request's operation, in its family. */
  const tooMany = (req: Request, retryAfter: number): AppError => {
    const headers = { 'Retry-After': String(retryAfter) };
    if (operationOf(req).security !== 'apiKey') return new AppError(429, TOO_MANY, headers);
    const { status, body } = contract.billingError('RATE_LIMITED', KEY_TOO_MANY);
    return new AppError(status, body, headers);
  };
  /** The handler spending one budget; one per route and scope, whichever operations share it. */
  const spenders = new Map<string, Handler>();
  const spender = (route: string, countSuccess: boolean, { scope, window, key }: Budget): Handler => {
    const name = `${route}:${scope}`;
    const found = spenders.get(name);
    if (found) return found;
    const limiter = rateLimit({
      windowMs: window.seconds * 1000,
      limit: window.max,
      standardHeaders: false,
      legacyHeaders: false,
      skipSuccessfulRequests: !countSuccess,
      ...(redis ? { store: new SharedStore(redis, `jwi:rl:${name}:`) } : {}),
      keyGenerator: (req) => keys.get(req)!.get(scope)!,
      handler: (req, res, next) => {
        const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + window.seconds * 1000) - Date.now()) / 1000));
        logger.warn({ route, scope, requestId: res.locals.requestId }, 'rate limit reached');
        next(tooMany(req, seconds));
      },
    });
    const spend: Handler = async (req, res, next) => {
      const value = await key(req, callers);
      if (value === undefined) return next(); // nothing to key on (no account named): the validator will refuse the body
      let own = keys.get(req);
      if (!own) keys.set(req, (own = new Map()));
      own.set(scope, value);
      return limiter(req, res, next);
    };
    spenders.set(name, spend);
    return spend;
  };
  const stage = (budgets: Budget[], route: string, countSuccess: boolean, which: Budget['stage']): Handler | undefined => {
    const steps = budgets.filter((b) => b.stage === which).map((budget) => spender(route, countSuccess, budget));
    return steps.length > 0 ? inSequence(steps) : undefined;
  };
  return {
    limitsOf: (op) => {
      const limited = budgetsOf(settings, op);
      if (!limited) return { front: undefined, body: undefined };
      const { route, countSuccess, budgets } = limited;
      return { front: stage(budgets, route, countSuccess, 'front'), body: stage(budgets, route, countSuccess, 'body') };
    },
    limitedOperations: ACCOUNT_LIMITED_OPERATIONS,
  };
}
