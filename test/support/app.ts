// Starts the reference server in-process for a test: a fresh database of the given kind with the
// demo data, an ephemeral port, a clock the test can move, and outside systems the test chooses.
// Every /api response the test receives is checked against the spec (status documented, body valid).
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createApp } from '../../server/app.js';
import { createContext } from '../../server/bootstrap.js';
import { loadConfig, RATE_LIMIT_SETTINGS } from '../../server/config.js';
import type { AppContext } from '../../server/context.js';
import { openDatabase } from '../../server/db/database.js';
import { seedDemo } from '../../server/demo/seed.js';
import type { Clock } from '../../server/shared/clock.js';
import { createLogger, type Logger } from '../../server/shared/logger.js';
import { loadBundle } from '../../lib/spec/bundle.js';
import { createSchemaValidator } from '../../lib/spec/validator.js';
import { createPostgresSchema, POSTGRES_URL, type DatabaseKind } from './databases.js';

const validator = createSchemaValidator(loadBundle());

// Every test client is 127.0.0.1: only the rate-limit tests want the limits to bite.
export const GENEROUS_RATE_LIMITS = Object.fromEntries(Object.values(RATE_LIMIT_SETTINGS).map(({ name }) => [name, '1000000000,1000000000,900']));

export class TestClock implements Clock {
  private at = new Date();
  now(): Date {
    return new Date(this.at);
  }
  advance(seconds: number): void {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Send this instead of JSON (FormData, a string). */
  raw?: BodyInit;
  /** The test provokes a server failure on purpose; any other 500 fails the test. */
  expectServerError?: boolean;
}

export interface TestApp {
  baseUrl: string;
  ctx: AppContext;
  clock: TestClock;
  request<T = any>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  delete<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

/** Checks a response of /api against the spec: its status is documented and its body valid. */
export function expectConforms(method: string, path: string, status: number, body: unknown): void {
  const pointer = validator.responsePointer(path, method, String(status));
  expect(pointer, `${method} ${path} documents ${status} (body ${JSON.stringify(body)})`).toBeDefined();
  expect(validator.validate(pointer!, body), `${method} ${path} ${status} body ${JSON.stringify(body)}`).toEqual([]);
}

export async function startApp(kind: DatabaseKind, overrides: Partial<AppContext> = {}, env: Record<string, string> = {}): Promise<TestApp> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'jwi-uploads-'));
  const pgSchema = kind === 'postgres' ? await createPostgresSchema() : undefined;
  const config = loadConfig({ NODE_ENV: 'test', BCRYPT_ROUNDS: '4', UPLOAD_DIR: uploadDir, ...GENEROUS_RATE_LIMITS, ...env });
  const database = pgSchema
    ? openDatabase(POSTGRES_URL, { pgSchema: pgSchema.schema, pgPoolSize: 5 })
    : openDatabase('sqlite::memory:');
  const clock = new TestClock();
  const ctx = await createContext(config, { database, clock, ...overrides });
  await seedDemo(ctx.database, clock);
  const server: Server = await new Promise((resolve) => {
    const s = createApp(ctx).listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['X-MYWIFI-KEY'] = options.apiKey;
    let payload: BodyInit | undefined = options.raw;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(baseUrl + '/api' + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    expectConforms(method, path.split('?')[0]!, response.status, parsed);
    if (!options.expectServerError) expect(response.status, `${method} ${path}: unexpected 500 ${text}`).not.toBe(500);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  return {
    baseUrl,
    ctx,
    clock,
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    delete: (path, body, options) => request('DELETE', path, body, options),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ctx.database.close();
      await ctx.redis?.quit();
      await pgSchema?.drop();
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

/** The server's logger writing into memory: what it logged, line by line. */
export function capturingLogger(): { logger: Logger; lines(): Record<string, unknown>[]; text(): string } {
  const written: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void written.push(line) });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => written.join('') };
}
