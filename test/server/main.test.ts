// `npm start`: the built server (dist/server/main.mjs, built by the tests' global setup) on a fresh SQLite file
// migrates, seeds the demo once, prints where it listens and the demo login, serves it, and stops
// cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCommand } from '../../bench/processes.js';
import { repoRoot, startServer, type RunningServer } from '../support/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-main-'));
const env = (port: number) => ({
  PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'jwi.sqlite')}`, UPLOAD_DIR: join(dir, 'uploads'), NODE_ENV: 'development', LOG_LEVEL: 'warn',
});
const [program, args] = startCommand();
const start = () => startServer(program, args, env, '/health');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server process', () => {
  let server: RunningServer;

  it('starts on a fresh database with the demo data and prints the demo login', async () => {
    server = await start();
    expect(server.output()).toContain('Demo login: john@example.com (ISP00123), siti@example.com (28900001); password rahasia123');
    expect(server.output()).toContain('/docs');
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identifier: 'ISP00123', password: 'rahasia123' }),
    });
    expect(login.status).toBe(200);
  });

  it('stops on SIGTERM with exit code 0, and keeps its data for the next start', async () => {
    expect(await server.stop()).toBe(0);
    server = await start();
    const regions = await (await fetch(`${server.baseUrl}/api/region`)).json();
    expect(regions.data).toHaveLength(3); // seeded once, not twice
    await server.stop();
  });

  it('refuses to start with a bad configuration, naming the problem', async () => {
    const child = spawn('node', ['dist/server/main.mjs'], { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production', PORT: 'x' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT="x": expected a port number');
    expect(stderr).toContain('JWT_SECRET is required when NODE_ENV=production');
  });
});
