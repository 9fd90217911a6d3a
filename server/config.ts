// Configuration from environment variables, validated once at start-up: every bad value is
// reported with what was expected, and the server does not start.
import { resolve } from 'node:path';

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  databaseUrl: string | undefined; // undefined: the SQLite file ./data/jwi.sqlite
  jwtSecret: string;
  jwtTtlSeconds: number;
  bcryptRounds: number;
  validateRequests: boolean;
  validateResponses: boolean;
  otpEcho: boolean;
  corsOrigins: string[];
  logLevel: string;
  uploadDir: string;
  publicUrl: string | undefined;
  seedDemo: boolean;
  /** Express's `trust proxy`: whose X-Forwarded-For to believe. false: nobody's. */
  trustProxy: boolean | number | string;
  redisUrl: string | undefined;
  outboundTimeoutMs: number;
  routerTimeoutMs: number;
  otpSender: 'log' | 'whatsapp';
  whatsapp: { url: string; token: string } | undefined;
  pushProvider: 'log' | 'fcm';
  fcm: { serviceAccountFile: string; tokenUrl: string | undefined; baseUrl: string | undefined } | undefined;
  rateLimits: Record<RateLimitedRoute, RateLimit>;
  /** OTP messages to one phone number, across accounts (RATE_LIMIT_OTP_DESTINATION). */
  otpDestinationLimit: Window;
  /** Requests of one partner key to the API-key operations (RATE_LIMIT_API_KEY). */
  apiKeyLimit: Window;
}

/** At most `max` requests in `seconds`. */
export interface Window {
  max: number;
  seconds: number;
}

export type RateLimitedRoute = 'login' | 'forgotPassword' | 'verifyOtp' | 'resetPassword' | 'register' | 'changePassword' | 'profilePhoto'
  | 'changeEmail' | 'createTicket' | 'sendTestNotification';

/** A budget per client address over a short window (bursts: password spraying, hash and disk cost;
 * many customers share one address behind carrier-grade NAT), and per account over a long window
 * (guessing one account's password or OTP): one budget for the account from each client address,
 * which a guesser spends alone, under a higher one for the account from all addresses together, so
 * that a guesser at one address does not lock the owner out everywhere. */
export interface RateLimit {
  perClient: Window;
  perAccountFromClient: Window;
  perAccount: Window;
}

const limit = (perClient: string, perAccountFromClient: string, perAccount: string): RateLimit =>
  ({ perClient: parseWindow(perClient)!, perAccountFromClient: parseWindow(perAccountFromClient)!, perAccount: parseWindow(perAccount)! });

/** Each limit's setting and default. */
export const RATE_LIMIT_SETTINGS: Record<RateLimitedRoute, { name: string; fallback: RateLimit }> = {
  login: { name: 'RATE_LIMIT_LOGIN', fallback: limit('30/60', '10/900', '50/900') },
  forgotPassword: { name: 'RATE_LIMIT_FORGOT_PASSWORD', fallback: limit('10/60', '3/900', '10/900') },
  verifyOtp: { name: 'RATE_LIMIT_VERIFY_OTP', fallback: limit('30/60', '10/900', '50/900') },
  resetPassword: { name: 'RATE_LIMIT_RESET_PASSWORD', fallback: limit('10/60', '5/900', '20/900') },
  register: { name: 'RATE_LIMIT_REGISTER', fallback: limit('20/60', '5/3600', '20/3600') },
  changePassword: { name: 'RATE_LIMIT_CHANGE_PASSWORD', fallback: limit('10/60', '5/900', '20/900') },
  profilePhoto: { name: 'RATE_LIMIT_PROFILE_PHOTO', fallback: limit('10/60', '10/3600', '30/3600') },
  // Its answer tells whether another account has the address: a client window of an hour.
  changeEmail: { name: 'RATE_LIMIT_CHANGE_EMAIL', fallback: limit('30/3600', '5/3600', '5/3600') },
  // Each ticket is work for the helpdesk; each test push a message to every device of the user.
  createTicket: { name: 'RATE_LIMIT_CREATE_TICKET', fallback: limit('20/60', '10/3600', '10/3600') },
  sendTestNotification: { name: 'RATE_LIMIT_TEST_NOTIFICATION', fallback: limit('20/60', '10/900', '10/900') },
};

/** `6/3600`: at most 6 in 3600 seconds. */
function parseWindow(raw: string): Window | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  const [max, seconds] = match ? [Number(match[1]), Number(match[2])] : [];
  return max && seconds && Number.isSafeInteger(max) && Number.isSafeInteger(seconds) ? { max, seconds } : undefined;
}

/** `30/60,10/900,50/900` (per client, per account from one client, per account); `30/60,10/900` (the
 * account's budget the same from one client as from all); `30,10,900` (that, in one window). */
function parseRateLimit(raw: string): RateLimit | undefined {
  const shared = /^(\d+),(\d+),(\d+)$/.exec(raw);
  const terms = shared ? [`${shared[1]}/${shared[3]}`, `${shared[2]}/${shared[3]}`] : raw.split(',');
  const windows = terms.map(parseWindow);
  if (windows.length < 2 || windows.length > 3 || !windows.every((w) => w !== undefined)) return undefined;
  const [perClient, perAccountFromClient, perAccount = perAccountFromClient] = windows as Window[];
  return { perClient: perClient!, perAccountFromClient: perAccountFromClient!, perAccount: perAccount! };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    // One problem, one line; several, one line each.
    super(problems.length === 1 ? `Invalid configuration: ${problems[0]}` : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A SQLite database in the process's memory: gone when the process ends. */
const IN_MEMORY_SQLITE = 'sqlite::memory:';

/** The development key everyone can read here; a production server refuses it. */
export const DEV_JWT_SECRET = 'jwi-development-secret-not-for-production';

/** Settings whose value is a secret or may carry one (a password in a URL): a problem names them, never their value. */
const SECRET_SETTINGS = new Set(['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL', 'WHATSAPP_GATEWAY_URL', 'WHATSAPP_GATEWAY_TOKEN']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T | undefined, expected: string): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw);
    if (value === undefined) {
      problems.push(SECRET_SETTINGS.has(name) ? `${name} (value not shown): expected ${expected}` : `${name}=${JSON.stringify(raw)}: expected ${expected}`);
      return fallback;
    }
    return value;
  };
  const integer = (min: number, max: number) => (raw: string) => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
  const boolean = (raw: string) => ({ true: true, '1': true, false: false, '0': false })[raw.toLowerCase()];

  const nodeEnv = read('NODE_ENV', 'development' as Config['env'], (raw) =>
    (['development', 'test', 'production'] as const).find((e) => e === raw), 'development, test or production');
  const production = nodeEnv === 'production';

  const jwtSecret = read('JWT_SECRET', '', (raw) => (raw.length >= 32 ? raw : undefined), 'at least 32 characters');
  const config: Config = {
    env: nodeEnv,
    host: read('HOST', '127.0.0.1', (raw) => raw, 'a host name or address'),
    port: read('PORT', 3000, integer(0, 65535), 'a port number from 0 to 65535'),
    databaseUrl: read('DATABASE_URL', undefined as string | undefined, (raw) =>
      /^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(raw) ? raw : undefined, 'sqlite:PATH or postgres://...'),
    jwtSecret: jwtSecret || DEV_JWT_SECRET,
    jwtTtlSeconds: read('JWT_TTL_SECONDS', 3600, integer(60, 86_400), 'seconds from 60 to 86400'),
    bcryptRounds: read('BCRYPT_ROUNDS', 10, integer(4, 15), 'an integer from 4 to 15'),
    validateRequests: read('VALIDATE_REQUESTS', true, boolean, 'true or false'),
    validateResponses: read('VALIDATE_RESPONSES', !production, boolean, 'true or false'),
    otpEcho: read('OTP_ECHO', !production, boolean, 'true or false'),
    corsOrigins: read('CORS_ORIGINS', [] as string[], (raw) => {
      const origins = raw.split(',').map((o) => o.trim()).filter(Boolean);
      return origins.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)) ? origins : undefined;
    }, 'a comma-separated list of origins like http://localhost:5173, or *'),
    logLevel: read('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', (raw) =>
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw) ? raw : undefined,
      'fatal, error, warn, info, debug, trace or silent'),
    uploadDir: resolve(read('UPLOAD_DIR', 'data/uploads', (raw) => raw, 'a directory')),
    publicUrl: read('PUBLIC_URL', undefined as string | undefined, (raw) =>
      /^https?:\/\/[^\s]+[^/]$/.test(raw) ? raw : undefined, 'an http(s) URL without a trailing slash'),
    seedDemo: read('SEED_DEMO', !production, boolean, 'true or false'),
    trustProxy: read('TRUST_PROXY', false as Config['trustProxy'], (raw) => {
      if (raw === 'true' || raw === 'false') return raw === 'true';
      if (/^\d+$/.test(raw)) return Number(raw);
      return /^[\w.:/,\s-]+$/.test(raw) ? raw : undefined;
    }, 'false, true, a number of proxy hops, or addresses/CIDRs/loopback,linklocal,uniquelocal'),
    redisUrl: read('REDIS_URL', undefined as string | undefined, (raw) => (/^rediss?:\/\/.+/.test(raw) ? raw : undefined), 'redis://host:6379'),
    outboundTimeoutMs: read('OUTBOUND_TIMEOUT_MS', 10_000, integer(100, 120_000), 'milliseconds from 100 to 120000'),
    routerTimeoutMs: read('ROUTEROS_TIMEOUT_MS', 3000, integer(100, 60_000), 'milliseconds from 100 to 60000'),
    otpSender: read('OTP_SENDER', (env.WHATSAPP_GATEWAY_URL ? 'whatsapp' : 'log') as Config['otpSender'], (raw) =>
      (['log', 'whatsapp'] as const).find((v) => v === raw), 'log or whatsapp'),
    whatsapp: undefined,
    pushProvider: read('PUSH_PROVIDER', (env.FCM_SERVICE_ACCOUNT_FILE ? 'fcm' : 'log') as Config['pushProvider'], (raw) =>
      (['log', 'fcm'] as const).find((v) => v === raw), 'log or fcm'),
    fcm: undefined,
    rateLimits: {} as Config['rateLimits'],
    otpDestinationLimit: read('RATE_LIMIT_OTP_DESTINATION', { max: 6, seconds: 3600 }, parseWindow, 'PER_NUMBER/SECONDS, e.g. 6/3600'),
    apiKeyLimit: read('RATE_LIMIT_API_KEY', { max: 600, seconds: 60 }, parseWindow, 'PER_KEY/SECONDS, e.g. 600/60'),
  };
  const url = (name: string) => read(name, undefined as string | undefined, (raw) => (/^https?:\/\/\S+$/.test(raw) ? raw : undefined), 'an http(s) URL');
  if (config.otpSender === 'whatsapp') {
    const gateway = url('WHATSAPP_GATEWAY_URL');
    const token = env.WHATSAPP_GATEWAY_TOKEN ?? '';
    if (!gateway) problems.push('OTP_SENDER=whatsapp needs WHATSAPP_GATEWAY_URL');
    if (!token) problems.push('OTP_SENDER=whatsapp needs WHATSAPP_GATEWAY_TOKEN');
    config.whatsapp = { url: gateway ?? '', token };
  }
  if (config.pushProvider === 'fcm') {
    const file = env.FCM_SERVICE_ACCOUNT_FILE ?? '';
    if (!file) problems.push('PUSH_PROVIDER=fcm needs FCM_SERVICE_ACCOUNT_FILE (the service account JSON key)');
    config.fcm = { serviceAccountFile: file, tokenUrl: url('FCM_TOKEN_URL'), baseUrl: url('FCM_BASE_URL') };
  }
  for (const [route, { name, fallback }] of Object.entries(RATE_LIMIT_SETTINGS) as [RateLimitedRoute, (typeof RATE_LIMIT_SETTINGS)[RateLimitedRoute]][]) {
    config.rateLimits[route] = read(name, fallback, parseRateLimit, 'PER_CLIENT/SECONDS,PER_ACCOUNT_FROM_ONE_CLIENT/SECONDS,PER_ACCOUNT/SECONDS, e.g. 30/60,10/900,50/900 (or PER_CLIENT/SECONDS,PER_ACCOUNT/SECONDS, or PER_CLIENT,PER_ACCOUNT,SECONDS)');
  }
  if (production) problems.push(...productionProblems(config, env, jwtSecret));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** What the server says at start about settings it accepts but that deserve a look. */
export function configWarnings(config: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const warnings: string[] = [];
  if (config.env === 'development' && !env.JWT_SECRET) warnings.push('JWT_SECRET is not set: using the development secret');
  if (config.env !== 'production' && config.databaseUrl === IN_MEMORY_SQLITE) {
    warnings.push(`DATABASE_URL=${IN_MEMORY_SQLITE} keeps the data only as long as this process runs (a restart starts again from the demo data)`);
  }
  if (config.env === 'production' && config.otpSender === 'log') warnings.push('OTP_SENDER=log: password-reset OTPs are written to the log, not delivered');
  if (config.env === 'production' && config.corsOrigins.includes('*')) {
    warnings.push('CORS_ORIGINS=* lets any web page call the API from its visitors\' browsers: list the origins of your own web apps instead (e.g. CORS_ORIGINS=https://app.jwi.id)');
  }
  return warnings;
}

/** A secret of few different characters, or one short text repeated ('aaaa...', 'abcdabcd...'):
 * long enough, and guessable all the same. A random secret of 32 characters has 8 or more. */
function guessable(secret: string): boolean {
  if (new Set(secret).size < 8) return true;
  const period = (secret + secret).indexOf(secret, 1); // the shortest repeating unit's length
  return period < secret.length;
}

/** What a production server refuses: the conveniences of the demo, which are holes in production. */
function productionProblems(config: Config, env: NodeJS.ProcessEnv, jwtSecret: string): string[] {
  const problems: string[] = [];
  if (!jwtSecret && !env.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
  if (jwtSecret === DEV_JWT_SECRET) problems.push('JWT_SECRET is the public development secret: anyone could sign tokens; set a secret of your own when NODE_ENV=production');
  else if (jwtSecret && guessable(jwtSecret)) {
    problems.push('JWT_SECRET (value not shown) is too easy to guess for NODE_ENV=production (fewer than 8 different characters, or a short text repeated): use a random one, e.g. openssl rand -hex 32');
  }
  if (config.seedDemo) problems.push('SEED_DEMO=true is refused when NODE_ENV=production: the demo data has a published password and partner key');
  if (config.otpEcho) problems.push('OTP_ECHO=true is refused when NODE_ENV=production: it hands the OTP to whoever knows a customer number');
  if (config.otpSender === 'log' && env.OTP_SENDER !== 'log') {
    problems.push('NODE_ENV=production needs an OTP channel: set WHATSAPP_GATEWAY_URL and WHATSAPP_GATEWAY_TOKEN (or OTP_SENDER=log, to write OTPs to the log on purpose, e.g. on a staging server)');
  }
  if (config.databaseUrl === IN_MEMORY_SQLITE) {
    problems.push(`DATABASE_URL=${IN_MEMORY_SQLITE} is refused when NODE_ENV=production: accounts, payments and tickets would live only as long as this process; give a file (sqlite:/var/lib/jwi/jwi.sqlite) or PostgreSQL (postgres://...)`);
  }
  if (!config.publicUrl) problems.push('PUBLIC_URL is required when NODE_ENV=production (e.g. https://api.jwi.id): photo URLs are built from it, never from the request');
  if (config.trustProxy === true) {
    problems.push('TRUST_PROXY=true is refused when NODE_ENV=production: it believes every client\'s X-Forwarded-For, so a client chooses the address that API-key allow-lists and rate limits see; set the address or CIDR of your proxy (e.g. TRUST_PROXY=10.0.0.5), loopback, or the number of proxies in front (TRUST_PROXY=1)');
  }
  return problems;
}
