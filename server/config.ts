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
}

export type RateLimitedRoute = 'login' | 'forgotPassword' | 'verifyOtp';

export interface RateLimit {
  perClient: number;
  perAccount: number;
  windowSeconds: number;
}

const DEFAULT_RATE_LIMITS: Record<RateLimitedRoute, RateLimit> = {
  login: { perClient: 30, perAccount: 10, windowSeconds: 900 },
  forgotPassword: { perClient: 10, perAccount: 3, windowSeconds: 900 },
  verifyOtp: { perClient: 30, perAccount: 10, windowSeconds: 900 },
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const DEV_JWT_SECRET = 'jwi-development-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T | undefined, expected: string): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw);
    if (value === undefined) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected ${expected}`);
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
  if (production && !jwtSecret && !problems.some((p) => p.startsWith('JWT_SECRET'))) {
    problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
  }

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
    rateLimits: { ...DEFAULT_RATE_LIMITS },
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
  for (const [route, name] of [['login', 'RATE_LIMIT_LOGIN'], ['forgotPassword', 'RATE_LIMIT_FORGOT_PASSWORD'], ['verifyOtp', 'RATE_LIMIT_VERIFY_OTP']] as const) {
    config.rateLimits[route] = read(name, config.rateLimits[route], (raw) => {
      const parts = raw.split(',').map(Number);
      if (parts.length !== 3 || !parts.every((n) => Number.isInteger(n) && n > 0)) return undefined;
      const [perClient, perAccount, windowSeconds] = parts as [number, number, number];
      return { perClient, perAccount, windowSeconds };
    }, 'PER_CLIENT,PER_ACCOUNT,WINDOW_SECONDS, e.g. 30,10,900');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
