// Configuration is validated once at start-up: each bad value is named with what was expected, a
// secret setting is named without its value, and production refuses the demo's conveniences.
import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, DEV_JWT_SECRET, loadConfig } from '../../server/config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
};

/** A production configuration that starts: its own secret, a public URL, a WhatsApp gateway for OTPs. */
const PRODUCTION = {
  NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-0123456789abcdef', PUBLIC_URL: 'https://api.jwi.id',
  WHATSAPP_GATEWAY_URL: 'https://wa.example/send', WHATSAPP_GATEWAY_TOKEN: 'wa-token',
};

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, databaseUrl: undefined, validateResponses: true, otpEcho: true, seedDemo: true, otpSender: 'log' });
  });

  it('starts in production with its own secret, a public URL and an OTP channel, the demo conveniences off', () => {
    const config = loadConfig(PRODUCTION);
    expect(config).toMatchObject({ validateResponses: false, otpEcho: false, seedDemo: false, jwtSecret: 'a-production-secret-0123456789abcdef', otpSender: 'whatsapp', publicUrl: 'https://api.jwi.id' });
  });

  it('names every setting production needs', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET is required when NODE_ENV=production (at least 32 characters)',
      'NODE_ENV=production needs an OTP channel: set WHATSAPP_GATEWAY_URL and WHATSAPP_GATEWAY_TOKEN (or OTP_SENDER=log, to write OTPs to the log on purpose, e.g. on a staging server)',
      'PUBLIC_URL is required when NODE_ENV=production (e.g. https://api.jwi.id): photo URLs are built from it, never from the request',
    ]);
  });

  it.each([
    ['the development secret', { JWT_SECRET: DEV_JWT_SECRET }, 'JWT_SECRET is the public development secret'],
    ['the demo data', { SEED_DEMO: 'true' }, 'SEED_DEMO=true is refused when NODE_ENV=production'],
    ['the OTP echo', { OTP_ECHO: 'true' }, 'OTP_ECHO=true is refused when NODE_ENV=production'],
    ['a database in the process\'s memory', { DATABASE_URL: 'sqlite::memory:' }, 'DATABASE_URL=sqlite::memory: is refused when NODE_ENV=production'],
  ])('refuses %s in production', (_label, unsafe, message) => {
    const found = problems({ ...PRODUCTION, ...unsafe });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it('says at start, outside production, that a database in the process\'s memory ends with it', () => {
    const env = { DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'a-development-secret-0123456789abcdef' };
    expect(configWarnings(loadConfig(env), env)).toEqual(['DATABASE_URL=sqlite::memory: keeps the data only as long as this process runs (a restart starts again from the demo data)']);
    expect(configWarnings(loadConfig({ ...env, DATABASE_URL: 'sqlite:data/x.sqlite' }), env)).toEqual([]);
  });

  it('takes OTP_SENDER=log in production only when it is set on purpose', () => {
    const { WHATSAPP_GATEWAY_URL: _url, WHATSAPP_GATEWAY_TOKEN: _token, ...withoutGateway } = PRODUCTION;
    expect(problems(withoutGateway)).toHaveLength(1);
    expect(loadConfig({ ...withoutGateway, OTP_SENDER: 'log' }).otpSender).toBe('log');
  });

  it('reports every bad value at once, and never the value of a secret setting', () => {
    expect(problems({
      PORT: 'eighty', DATABASE_URL: 'mysql://root:hunter2@db/jwi', JWT_SECRET: 'short-secret', OTP_ECHO: 'maybe', CORS_ORIGINS: 'localhost:5173',
      REDIS_URL: 'http://:redispass@cache', WHATSAPP_GATEWAY_URL: 'ftp://wa?token=watoken',
    })).toEqual([
      'JWT_SECRET (value not shown): expected at least 32 characters',
      'PORT="eighty": expected a port number from 0 to 65535',
      'DATABASE_URL (value not shown): expected sqlite:PATH or postgres://...',
      'OTP_ECHO="maybe": expected true or false',
      'CORS_ORIGINS="localhost:5173": expected a comma-separated list of origins like http://localhost:5173, or *',
      'REDIS_URL (value not shown): expected redis://host:6379',
      'WHATSAPP_GATEWAY_URL (value not shown): expected an http(s) URL',
      'OTP_SENDER=whatsapp needs WHATSAPP_GATEWAY_URL',
      'OTP_SENDER=whatsapp needs WHATSAPP_GATEWAY_TOKEN',
    ]);
  });

  it('accepts SQLite and PostgreSQL URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' }).databaseUrl).toBe('sqlite:/tmp/x.sqlite');
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/jwi' }).databaseUrl).toBe('postgres://u:p@db:5432/jwi');
  });

  it('reads every rate limit, with its default', () => {
    const config = loadConfig({ RATE_LIMIT_REGISTER: '5/30,2/600', RATE_LIMIT_LOGIN: '5,2,60', RATE_LIMIT_VERIFY_OTP: '9/60,3/600,7/600' });
    const w = (max: number, seconds: number) => ({ max, seconds });
    expect(config.rateLimits.register).toEqual({ perClient: w(5, 30), perAccountFromClient: w(2, 600), perAccount: w(2, 600) });
    expect(config.rateLimits.login).toEqual({ perClient: w(5, 60), perAccountFromClient: w(2, 60), perAccount: w(2, 60) });
    expect(config.rateLimits.verifyOtp).toEqual({ perClient: w(9, 60), perAccountFromClient: w(3, 600), perAccount: w(7, 600) });
    expect(config.rateLimits.changePassword).toEqual({ perClient: w(10, 60), perAccountFromClient: w(5, 900), perAccount: w(20, 900) });
    expect(loadConfig({}).otpDestinationLimit).toEqual({ max: 6, seconds: 3600 });
    expect(loadConfig({ RATE_LIMIT_OTP_DESTINATION: '3/600' }).otpDestinationLimit).toEqual({ max: 3, seconds: 600 });
    expect(problems({ RATE_LIMIT_OTP_DESTINATION: '3' })).toEqual(['RATE_LIMIT_OTP_DESTINATION="3": expected PER_NUMBER/SECONDS, e.g. 6/3600']);
    for (const bad of ['5,2', '5/0,2/60', 'a/1,b/2', '5/60', '1/1,2/2,3/3,4/4']) {
      expect(problems({ RATE_LIMIT_PROFILE_PHOTO: bad })).toEqual([`RATE_LIMIT_PROFILE_PHOTO="${bad}": expected PER_CLIENT/SECONDS,PER_ACCOUNT_FROM_ONE_CLIENT/SECONDS,PER_ACCOUNT/SECONDS, e.g. 30/60,10/900,50/900 (or PER_CLIENT/SECONDS,PER_ACCOUNT/SECONDS, or PER_CLIENT,PER_ACCOUNT,SECONDS)`]);
    }
  });
});
