// Configuration is validated once at start-up: each bad value is named with what was expected.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
};

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, databaseUrl: undefined, validateResponses: true, otpEcho: true, seedDemo: true });
  });

  it('requires JWT_SECRET in production, and turns the demo conveniences off', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET is required when NODE_ENV=production (at least 32 characters)']);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(config).toMatchObject({ validateResponses: false, otpEcho: false, seedDemo: false, jwtSecret: 'x'.repeat(32) });
  });

  it('reports every bad value at once', () => {
    expect(problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', OTP_ECHO: 'maybe', CORS_ORIGINS: 'localhost:5173' })).toEqual([
      'JWT_SECRET="short": expected at least 32 characters',
      'PORT="eighty": expected a port number from 0 to 65535',
      'DATABASE_URL="mysql://x": expected sqlite:PATH or postgres://...',
      'OTP_ECHO="maybe": expected true or false',
      'CORS_ORIGINS="localhost:5173": expected a comma-separated list of origins like http://localhost:5173, or *',
    ]);
  });

  it('accepts SQLite and PostgreSQL URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' }).databaseUrl).toBe('sqlite:/tmp/x.sqlite');
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/jwi' }).databaseUrl).toBe('postgres://u:p@db:5432/jwi');
  });
});
