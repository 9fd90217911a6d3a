// A database that goes away: a PostgreSQL server of the test's own is stopped while the shipped
// server runs on it. Requests get the documented 500 (no stack trace), /health says the database
// is down, and once PostgreSQL is back the server answers normally again, by itself.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningServer } from '../../lib/processes.js';
import { api, startShipped } from '../support/shipped.js';

const PG_BIN = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => existsSync(`${d}/pg_ctl`)) : undefined;
const skip = !PG_BIN ? 'PostgreSQL server binaries not found' : process.getuid?.() !== 0 ? 'needs root to run a PostgreSQL server as the postgres user' : undefined;
if (skip) {
  if (process.env.CI) throw new Error(`${skip}: the database-down test must run in CI`);
  console.warn(`${skip}: database-down test skipped`);
}

const dir = mkdtempSync(join(tmpdir(), 'jwi-pgdown-'));
const data = join(dir, 'data');
let port = 0;
const asPostgres = (program: string, ...args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/${program}`, ...args], { stdio: 'pipe', timeout: 60_000 });
const pgCtl = (action: 'start' | 'stop') =>
  asPostgres('pg_ctl', '-D', data, '-w', '-l', join(dir, 'pg.log'), ...(action === 'start' ? ['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start'] : ['-m', 'fast', 'stop']));

let server: RunningServer;

describe.skipIf(skip)('PostgreSQL going away', () => {
  beforeAll(async () => {
    port = await freePort();
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    asPostgres('initdb', '-D', data, '-A', 'trust', '-U', 'postgres');
    pgCtl('start');
    server = await startShipped((p) => ({
      PORT: String(p), DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`, UPLOAD_DIR: dir, JWT_SECRET: 'down-secret-down-secret-down-secret-0001',
    }));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    try {
      pgCtl('stop');
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers documented 500s while it is down, and recovers by itself', async () => {
    const login = await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'john@example.com', password: 'rahasia123' });
    const auth = { Authorization: `Bearer ${login.body.token}` };
    expect((await api(server.baseUrl, 'GET', '/customer', undefined, auth)).status).toBe(200);

    pgCtl('stop');
    for (const [method, path] of [['GET', '/customer'], ['GET', '/region'], ['GET', '/invoice']] as const) {
      const response = await api(server.baseUrl, method, path, undefined, auth);
      expect(response.status, response.text).toBe(500);
      expect(Object.keys(response.body).sort()).toEqual(['message', 'request_id']);
      expect(response.text).not.toMatch(/ECONNREFUSED|at \w|\.ts:|node_modules|postgres/i);
    }
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(503);

    pgCtl('start');
    let recovered = 0;
    for (let i = 0; i < 50 && recovered !== 200; i++) {
      recovered = (await api(server.baseUrl, 'GET', '/customer', undefined, auth)).status;
      if (recovered !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(200);
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  }, 120_000);
});
