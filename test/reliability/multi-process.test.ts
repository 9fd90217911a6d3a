// Several processes: two shipped servers on one PostgreSQL database and one Redis, behind a
// round-robin proxy. One payment wins among 100 at once; a token logged out, or issued before a
// password change, through one process is refused by the other; rate limits count across both.
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../server/demo/seed.js';
import { createPostgresDatabase, databaseKinds } from '../support/databases.js';
import type { RunningServer } from '../support/servers.js';
import { api, startShipped } from '../support/shipped.js';

const REDIS_URL = 'redis://127.0.0.1:6379/8';
const dir = mkdtempSync(join(tmpdir(), 'jwi-multi-'));

async function available(): Promise<string | undefined> {
  if (!(await databaseKinds()).includes('postgres')) return 'PostgreSQL does not answer';
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    await redis.flushdb();
    return undefined;
  } catch (error) {
    return `Redis at ${REDIS_URL} does not answer (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

/** Sends each request to the next upstream in turn. */
async function roundRobin(upstreams: string[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(upstreams[next++ % upstreams.length]!);
    const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

const skip = await available();
if (skip) {
  if (process.env.CI) throw new Error(`${skip}: the several-processes test must run in CI`);
  console.warn(`${skip}: several-processes test skipped`);
}

describe.skipIf(skip)('two server processes on PostgreSQL and Redis', () => {
  let servers: RunningServer[] = [];
  let proxy: { url: string; server: Server };
  let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;

  beforeAll(async () => {
    const { url } = (database = await createPostgresDatabase('multi'));
    const env = (port: number) => ({
      PORT: String(port), DATABASE_URL: url, REDIS_URL, UPLOAD_DIR: dir,
      JWT_SECRET: 'multi-secret-multi-secret-multi-secret-01', RATE_LIMIT_LOGIN: '100000,5,900',
    });
    servers = [await startShipped(env)]; // the first migrates and seeds; the second finds it done
    servers.push(await startShipped(env));
    proxy = await roundRobin(servers.map((s) => s.baseUrl));
  }, 90_000);

  afterAll(async () => {
    proxy?.server.close();
    for (const server of servers) await server.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives exactly one 200 to 100 payments of one invoice at once', async () => {
    const key = { 'X-MYWIFI-KEY': DEMO_API_KEY };
    const [invoice] = (await api(proxy.url, 'GET', '/billing/unpaid?no_services=28900001', undefined, key)).body.data;
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      api(proxy.url, 'POST', '/billing/mark-as-paid', { invoice: String(invoice.invoice), no_services: '28900001', reference_no: `MULTI-${i}` }, key)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const winner = results.findIndex((r) => r.status === 200);
    const detail = await api(servers[1]!.baseUrl, 'GET', `/billing/detail?invoice=${invoice.invoice}`, undefined, key);
    expect(detail.body.data[0]).toMatchObject({ status: 'SUDAH BAYAR', reference_no: `MULTI-${winner}` });
  });

  it('refuses on one process a token logged out through the other', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const { token } = (await api(a.baseUrl, 'POST', '/auth/login', { identifier: 'john@example.com', password: 'rahasia123' })).body;
    const auth = { Authorization: `Bearer ${token}` };
    expect((await api(b.baseUrl, 'GET', '/auth/me', undefined, auth)).status).toBe(200);
    expect((await api(a.baseUrl, 'POST', '/auth/logout', undefined, auth)).status).toBe(200);
    expect((await api(b.baseUrl, 'GET', '/auth/me', undefined, auth)).status).toBe(401);
    expect((await api(a.baseUrl, 'GET', '/auth/me', undefined, auth)).status).toBe(401);
  });

  it('refuses on one process the tokens issued before a password change made through the other', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const user = { name: 'Multi', email: `multi-${randomBytes(4).toString('hex')}@example.com`, password: 'before-1', password_confirmation: 'before-1', phone: 81233334444, phonecode: 62 };
    const { token } = (await api(a.baseUrl, 'POST', '/auth/register', user)).body;
    const auth = { Authorization: `Bearer ${token}` };
    expect((await api(b.baseUrl, 'GET', '/auth/me', undefined, auth)).status).toBe(200); // b has seen (and cached) it
    const changed = await api(a.baseUrl, 'POST', '/auth/change-password', { current_password: 'before-1', password: 'after-12', password_confirmation: 'after-12' }, auth);
    expect(changed.status).toBe(200);
    expect((await api(b.baseUrl, 'GET', '/auth/me', undefined, auth)).status).toBe(401);
    const fresh = (await api(b.baseUrl, 'POST', '/auth/login', { identifier: user.email, password: 'after-12' })).body.token;
    expect((await api(a.baseUrl, 'GET', '/auth/me', undefined, { Authorization: `Bearer ${fresh}` })).status).toBe(200);
  });

  it('counts wrong logins across both processes', async () => {
    const identifier = `multi-${randomBytes(4).toString('hex')}@example.com`;
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await api(proxy.url, 'POST', '/auth/login', { identifier, password: 'wrong-password' })).status);
    // 5 per account: alternating between the processes, the sixth is refused.
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
  });
});
