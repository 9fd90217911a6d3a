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
  validateResponses: boolean;
  otpEcho: boolean;
  corsOrigins: string[];
  logLevel: string;
  uploadDir: string;
  publicUrl: string | undefined;
  seedDemo: boolean;
}

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
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
