// Several processes: two shipped servers on one PostgreSQL database and one Redis, behind a
// round-robin proxy. One payment wins among 100 at once; a token logged out, or issued before a
// password change, through one process is refused by the other; rate limits count across both.
// Two processes started at the same moment on an empty database (README: `npm start &` twice) make
// one schema and one set of demo data, and both serve.
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { seedDemo } from '../../server/demo/seed.js';
import { DEMO_API_KEY } from '../../server/demo/constants.js';
import { systemClock } from '../../server/shared/clock.js';
import { createPostgresDatabase, createPostgresSchema, databaseKinds, emptyRedis, holdTable, POSTGRES_URL } from '../support/databases.js';
import { type RunningServer } from '../../lib/processes.js';
import { api, startShipped } from '../support/shipped.js';

const REDIS_URL = 'redis://127.0.0.1:6379/8';
const dir = mkdtempSync(join(tmpdir(), 'jwi-multi-'));

async function available(): Promise<string | undefined> {
  if (!(await databaseKinds()).includes('postgres')) return 'PostgreSQL does not answer';
  return emptyRedis(REDIS_URL);
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

/** The migrations applied to a database (its current schema), and the number of rows of each other table. */
async function contents(url: string, pgSchema?: string): Promise<{ migrations: string[]; rows: Record<string, number> }> {
  const database = openDatabase(url, pgSchema ? { pgSchema } : {});
  try {
    const { rows: migrations } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
    const { rows: tables } = await sql<{ table_name: string }>`select table_name from information_schema.tables
      where table_schema = current_schema() and table_name not like 'kysely%' order by table_name`.execute(database.db);
    const rows: Record<string, number> = {};
    for (const { table_name } of tables) {
      rows[table_name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table_name)}`.execute(database.db)).rows[0]!.n);
    }
    return { migrations: migrations.map((m) => m.name), rows };
  } finally {
    await database.close();
  }
}

describe.skipIf(!(await databaseKinds()).includes('postgres'))('two server processes starting at once on one PostgreSQL database', () => {
  let once: Awaited<ReturnType<typeof contents>>;
  const env = (url: string) => (port: number) => ({ PORT: String(port), DATABASE_URL: url, UPLOAD_DIR: dir, JWT_SECRET: 'start-secret-start-secret-start-secret-01' });

  beforeAll(async () => {
    // What one process makes of an empty database: its migrations, and every table's rows after seeding once.
    const reference = await createPostgresSchema();
    try {
      const database = openDatabase(POSTGRES_URL, { pgSchema: reference.schema });
      await migrateToLatest(database);
      await seedDemo(database, systemClock);
      await database.close();
      once = await contents(POSTGRES_URL, reference.schema);
    } finally {
      await reference.drop();
    }
  });

  /** Both serve the demo, and the database holds one schema and one set of demo data. */
  async function expectOneOfEverything(url: string, servers: RunningServer[]) {
    for (const server of servers) {
      expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
      expect((await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'ISP00123', password: 'rahasia123' })).status).toBe(200);
    }
    const found = await contents(url);
    expect(found.migrations).toEqual(once.migrations);
    expect(found.rows).toEqual(once.rows);
  }

  it('migrates and seeds once when both start on an empty database', async () => {
    const database = await createPostgresDatabase('start');
    const started = await Promise.allSettled([startShipped(env(database.url)), startShipped(env(database.url))]);
    const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started']);
      await expectOneOfEverything(database.url, servers);
    } finally {
      for (const server of servers) await server.stop();
      await database.drop();
    }
  }, 90_000);

  it('seeds once when both find the empty tables at the same moment', async () => {
    // The schema is there, the data not yet; the test holds the first table the seed reads until both
    // processes wait for a lock, then lets them go together.
    const database = await createPostgresDatabase('seed');
    const migrated = openDatabase(database.url);
    await migrateToLatest(migrated);
    await migrated.close();
    const barrier = await holdTable(database.url, 'companies');
    const starting = Promise.allSettled([startShipped(env(database.url)), startShipped(env(database.url))]);
    try {
      await barrier.waiters(2, 'the two processes seeding');
      await barrier.release();
      const started = await starting;
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started']);
      await expectOneOfEverything(database.url, started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])));
    } finally {
      await barrier.release();
      for (const s of await starting) if (s.status === 'fulfilled') await s.value.stop();
      await database.drop();
    }
  }, 90_000);
});
