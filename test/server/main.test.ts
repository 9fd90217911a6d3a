// `npm start`: the built server (dist/server/main.mjs, built by the tests' global setup) on a fresh SQLite file
// migrates, seeds the demo once, prints where it listens and the demo login, serves it, stops
// cleanly on SIGTERM and finds its data again at the next start. In production it refuses the
// demo's conveniences and prints no secret.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCommand, freePort, repoRoot, startServer } from '../../lib/processes.js';
import { DEV_JWT_SECRET } from '../../server/config.js';
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_RESTRICTED_API_KEY } from '../../server/demo/constants.js';
import { runCommand } from '../support/commands.js';
import { createPostgresDatabase, databaseKinds, POSTGRES_URL } from '../support/databases.js';
import { api } from '../support/shipped.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-main-'));
const [program, args] = startCommand();
/** The built server on the SQLite file `file` of the test's folder. */
const start = (file: string) => startServer(program, args, (port) => ({
  PORT: String(port), DATABASE_URL: `sqlite:${join(dir, file)}`, UPLOAD_DIR: join(dir, 'uploads'), NODE_ENV: 'development', LOG_LEVEL: 'warn',
}), { readyPath: '/health' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));
const postgres = (await databaseKinds()).includes('postgres');

/** Whether nothing listens on the port (it can be listened on again). */
const portFree = (port: number) => new Promise<boolean>((resolve) => {
  const probe = createServer().once('error', () => resolve(false));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});

/** Runs the built server with `settings` until it exits; its exit code and everything it printed. */
async function refusedStart(settings: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn('node', ['dist/server/main.mjs'], { cwd: repoRoot, env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...settings } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

describe('the server process', () => {
  it('starts on a fresh database with the demo data and prints the demo login', async () => {
    const server = await start('fresh.sqlite');
    try {
      expect(server.output()).toContain('Demo login: john@example.com (ISP00123), siti@example.com (28900001); password rahasia123');
      expect(server.output()).toContain('/docs');
      const login = await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'ISP00123', password: 'rahasia123' });
      expect(login.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('simulates the demo router, and has a demo key that shows IP_NOT_ALLOWED', async () => {
    const server = await start('demo.sqlite');
    try {
      // The demo customers' lines answer as a RouterOS router would.
      const john = (await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'ISP00123', password: DEMO_PASSWORD })).body.token;
      const online = await api(server.baseUrl, 'GET', '/customer/network-status?no_services=ISP00123', undefined, { Authorization: `Bearer ${john}` });
      expect(online.status).toBe(200);
      expect(online.body.data.connection).toMatchObject({ status: 'online', is_online: true, ip_address: '10.10.10.2' });
      const siti = (await api(server.baseUrl, 'POST', '/auth/login', { identifier: '28900001', password: DEMO_PASSWORD })).body.token;
      expect((await api(server.baseUrl, 'GET', '/customer/network-status?no_services=28900001', undefined, { Authorization: `Bearer ${siti}` })).status).toBe(409);
      // A second partner key, allowed only from 192.0.2.0/24.
      const refused = await api(server.baseUrl, 'GET', '/billing/unpaid?no_services=28900001', undefined, { 'X-MYWIFI-KEY': DEMO_RESTRICTED_API_KEY });
      expect(refused.status).toBe(403);
      expect(refused.body.error_code).toBe('IP_NOT_ALLOWED');
      expect((await api(server.baseUrl, 'GET', '/billing/unpaid?no_services=28900001', undefined, { 'X-MYWIFI-KEY': DEMO_API_KEY })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('stops on SIGTERM with exit code 0, and finds what it stored at the next start', async () => {
    const registered = { name: 'Restart Test', email: `restart-${Date.now()}@example.com`, password: 'keepme123', password_confirmation: 'keepme123', phone: 81299887766, phonecode: 62 };
    let server = await start('restart.sqlite');
    try {
      expect((await api(server.baseUrl, 'POST', '/auth/register', registered)).status).toBe(201);
      expect(await server.stop()).toBe(0);
      server = await start('restart.sqlite');
      // Written in the first run: a wiped database (refilled by the demo seed) would not have it.
      const login = await api(server.baseUrl, 'POST', '/auth/login', { identifier: registered.email, password: registered.password });
      expect(login.status).toBe(200);
      expect(login.body.data.name).toBe('Restart Test');
      const regions = await api(server.baseUrl, 'GET', '/region');
      expect(regions.body.data).toHaveLength(3); // seeded once, not twice
    } finally {
      await server.stop();
    }
  });

  it('npm start stops the server when npm itself is sent SIGTERM (kill $! after npm start &)', async () => {
    const port = await freePort();
    // A process group of its own: whatever is left of it at the end is killed (a server orphaned by a failing run too).
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
      env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'npm-start.sqlite')}`, UPLOAD_DIR: join(dir, 'uploads'), LOG_LEVEL: 'info' },
    });
    let output = '';
    npm.stdout.on('data', (chunk) => (output += chunk));
    npm.stderr.on('data', (chunk) => (output += chunk));
    const health = () => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
    try {
      await expect.poll(health, { timeout: 60_000, interval: 200 }).toBe(200);
      const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
      npm.kill('SIGTERM'); // npm only, as `kill $!` does
      expect(await exited).toBe(0);
      // The server went with it: nothing holds the port, and it said it stopped.
      await expect.poll(health, { timeout: 15_000, interval: 200 }).toBe(0);
      expect(await portFree(port)).toBe(true);
      expect(output).toContain('"msg":"stopped"');
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // nothing left
      }
    }
  }, 90_000);

  it('exits with code 1 and says so when its port is taken, without a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { code, output } = await refusedStart({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'port-taken.sqlite')}`, UPLOAD_DIR: join(dir, 'uploads') });
      expect(code).toBe(1);
      expect(output).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use (set PORT to a free one)`);
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      taken.close();
    }
  });

  // A database or Redis that cannot be used is a setting to fix: one line naming it, no stack trace, no password.
  it.each([
    ['nothing listens at the PostgreSQL address', { DATABASE_URL: 'postgres://nobody:hunter2@127.0.0.1:1/x' },
      'Invalid configuration: DATABASE_URL: the database postgres://nobody:***@127.0.0.1:1/x does not answer (connect ECONNREFUSED 127.0.0.1:1)'],
    ...(postgres ? [
      ['the PostgreSQL database does not exist', { DATABASE_URL: POSTGRES_URL.replace(/\/[^/]*$/, '/no_such_database') },
        'does not answer (database "no_such_database" does not exist)'],
    ] : []),
    ['the SQLite file cannot be made', { DATABASE_URL: 'sqlite:/dev/null/jwi.sqlite' }, "Invalid configuration: DATABASE_URL: the database cannot be opened (EEXIST: file already exists, mkdir '/dev/null')"],
    ['Redis does not answer', { DATABASE_URL: `sqlite:${join(dir, 'no-redis.sqlite')}`, REDIS_URL: 'redis://:hunter2@127.0.0.1:1' },
      'Invalid configuration: REDIS_URL (value not shown): Redis does not answer (connect ECONNREFUSED 127.0.0.1:1)'],
  ] as [string, Record<string, string>, string][])('exits with code 1 and one line when %s', async (_label, settings, message) => {
    const { code, output } = await refusedStart({ UPLOAD_DIR: join(dir, 'uploads'), ...settings });
    expect(code).toBe(1);
    expect(output.trim()).toEqual(message.startsWith('Invalid') ? message : expect.stringContaining(message));
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).not.toContain('hunter2');
  });

  it('refuses to start with a bad configuration, naming the problem', async () => {
    const { code, output } = await refusedStart({ NODE_ENV: 'production', PORT: 'x' });
    expect(code).toBe(1);
    expect(output).toContain('PORT="x": expected a port number');
    expect(output).toContain('JWT_SECRET is required when NODE_ENV=production');
  });
});

describe.skipIf(!(await databaseKinds()).includes('postgres'))('the server process on PostgreSQL and Redis with passwords in their URLs', () => {
  it('logs where its data lives, never the passwords', async () => {
    const database = await createPostgresDatabase('log');
    // PostgreSQL here trusts local connections, and Redis has no password: both passwords are taken or refused, and must not be printed.
    const databaseUrl = database.url.replace('postgres://postgres@', 'postgres://postgres:pg-secret-4711@');
    const server = await startServer(program, args, (port) => ({
      PORT: String(port), DATABASE_URL: databaseUrl, REDIS_URL: 'redis://:redis-secret-4712@127.0.0.1:6379/9', UPLOAD_DIR: join(dir, 'log-uploads'),
      NODE_ENV: 'development', LOG_LEVEL: 'debug', JWT_SECRET: 'log-test-secret-log-test-secret-0001',
    }), { readyPath: '/health' });
    try {
      expect((await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'ISP00123', password: DEMO_PASSWORD })).status).toBe(200);
    } finally {
      await server.stop();
      await database.drop();
    }
    const output = server.output();
    expect(output).toContain(databaseUrl.replace('pg-secret-4711', '***')); // the migration and listening lines say where
    for (const secret of ['pg-secret-4711', 'redis-secret-4712', 'log-test-secret-log-test-secret-0001']) expect(output).not.toContain(secret);
  });
});

describe('the server process in production', () => {
  const safe = {
    NODE_ENV: 'production', JWT_SECRET: 'production-secret-'.padEnd(48, 'q'), PUBLIC_URL: 'https://api.example.test',
    WHATSAPP_GATEWAY_URL: 'http://127.0.0.1:9/send', WHATSAPP_GATEWAY_TOKEN: 'wa-token-secret', DATABASE_URL: `sqlite:${join(dir, 'production.sqlite')}`,
  };

  it.each([
    ['the public development JWT secret', { JWT_SECRET: DEV_JWT_SECRET }, 'JWT_SECRET is the public development secret'],
    ['the demo data', { SEED_DEMO: 'true' }, 'SEED_DEMO=true is refused'],
    ['the OTP echo', { OTP_ECHO: 'true' }, 'OTP_ECHO=true is refused'],
    ['no OTP channel', { WHATSAPP_GATEWAY_URL: '', WHATSAPP_GATEWAY_TOKEN: '' }, 'NODE_ENV=production needs an OTP channel'],
    ['no PUBLIC_URL', { PUBLIC_URL: '' }, 'PUBLIC_URL is required when NODE_ENV=production'],
    ['a secret of one repeated character', { JWT_SECRET: 'x'.repeat(32) }, 'JWT_SECRET (value not shown) is too easy to guess for NODE_ENV=production'],
    ['a secret of a short text repeated', { JWT_SECRET: 'Secret-1'.repeat(5) }, 'JWT_SECRET (value not shown) is too easy to guess for NODE_ENV=production'],
    ['a proxy trusted whoever it is', { TRUST_PROXY: 'true' }, 'TRUST_PROXY=true is refused when NODE_ENV=production: it believes every client\'s X-Forwarded-For'],
  ])('refuses to start with %s, naming the setting', async (_label, unsafe, message) => {
    const { code, output } = await refusedStart({ ...safe, ...unsafe });
    expect(code).toBe(1);
    expect(output).toContain(message);
    expect(output).not.toContain(DEV_JWT_SECRET);
  });

  it('names a bad secret setting without its value', async () => {
    const { code, output } = await refusedStart({ ...safe, JWT_SECRET: 'short-but-secret', DATABASE_URL: 'mysql://root:hunter2@db/jwi' });
    expect(code).toBe(1);
    expect(output).toContain('JWT_SECRET (value not shown): expected at least 32 characters');
    expect(output).toContain('DATABASE_URL (value not shown)');
    for (const secret of ['short-but-secret', 'hunter2']) expect(output).not.toContain(secret);
  });

  it('refuses a database seeded by a development start while it honours a demo key or a demo password, saying what to do', async () => {
    const file = 'seeded-earlier.sqlite';
    const settings = { ...safe, DATABASE_URL: `sqlite:${join(dir, file)}` };
    /** A development start on the file that changes the demo password of `identifier`. */
    const changePassword = async (identifier: string) => {
      const server = await start(file);
      try {
        const { token } = (await api(server.baseUrl, 'POST', '/auth/login', { identifier, password: DEMO_PASSWORD })).body;
        const changed = await api(server.baseUrl, 'POST', '/auth/change-password',
          { current_password: DEMO_PASSWORD, password: 'not-the-demo-1', password_confirmation: 'not-the-demo-1' }, { Authorization: `Bearer ${token}` });
        expect(changed.status).toBe(200);
      } finally {
        await server.stop();
      }
    };
    await changePassword('siti@example.com');

    let refused = await refusedStart(settings);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Refusing to start with NODE_ENV=production: the database honours the demo\'s published credentials');
    expect(refused.output).toContain('the demo partner key #1 (jwi_demo_par...) is active: revoke it with "npm run keys -- revoke --id 1"');
    expect(refused.output).toContain('the demo partner key #2 (jwi_demo_res...) is active: revoke it with "npm run keys -- revoke --id 2"');
    expect(refused.output).toContain('the demo account john@example.com still has the published demo password: start from a new database');
    expect(refused.output).not.toContain('siti@example.com'); // her password is her own now
    expect(refused.output).not.toContain('listening');
    for (const secret of [DEMO_PASSWORD, DEMO_API_KEY, DEMO_RESTRICTED_API_KEY]) expect(refused.output).not.toContain(secret);

    for (const id of ['1', '2']) {
      const revoked = await runCommand('node', ['--import', 'tsx', 'server/cli/keys.ts', 'revoke', '--id', id], { env: { ...process.env, DATABASE_URL: settings.DATABASE_URL } });
      expect(revoked.code).toBe(0);
    }
    refused = await refusedStart(settings);
    expect(refused.code).toBe(1);
    expect(refused.output).not.toContain('demo partner key');
    expect(refused.output).toContain('the demo account john@example.com still has the published demo password');

    await changePassword('john@example.com');
    const server = await startServer(program, args, (port) => ({ ...settings, PORT: String(port), UPLOAD_DIR: join(dir, 'production-uploads'), LOG_LEVEL: 'info' }), { readyPath: '/health' });
    try {
      expect((await api(server.baseUrl, 'GET', '/billing/unpaid?no_services=ISP00123', undefined, { 'X-MYWIFI-KEY': DEMO_API_KEY })).status).toBe(403);
      expect((await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'john@example.com', password: DEMO_PASSWORD })).status).toBe(422);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('starts with CORS_ORIGINS=*, and says in its log what that allows and what to set instead', async () => {
    const server = await startServer(program, args, (port) => ({ ...safe, CORS_ORIGINS: '*', PORT: String(port), UPLOAD_DIR: join(dir, 'production-uploads'), LOG_LEVEL: 'info' }), { readyPath: '/health' });
    await server.stop();
    const warning = server.output().split('\n').find((line) => line.includes('CORS_ORIGINS=*'));
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, msg: expect.stringContaining('CORS_ORIGINS=* lets any web page call the API') });
  });

  it('starts with safe settings and prints no secret, no demo login and no demo key', async () => {
    const server = await startServer(program, args, (port) => ({ ...safe, PORT: String(port), UPLOAD_DIR: join(dir, 'production-uploads'), LOG_LEVEL: 'info' }), { readyPath: '/health' });
    try {
      expect((await api(server.baseUrl, 'GET', '/region')).status).toBe(200);
      expect((await api(server.baseUrl, 'POST', '/auth/login', { identifier: 'john@example.com', password: DEMO_PASSWORD })).status).toBe(422); // no demo data
    } finally {
      await server.stop();
    }
    for (const secret of [safe.JWT_SECRET, safe.WHATSAPP_GATEWAY_TOKEN, DEMO_PASSWORD, DEMO_API_KEY]) expect(server.output()).not.toContain(secret);
  });
});
