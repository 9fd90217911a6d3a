// The server as `npm start` runs it (the bundle, with its node flags), as a process of its own:
// what the reliability tests crash, overload and cut off from its database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCommand, startServer, type RunningServer } from '../../lib/processes.js';

export function startShipped(env: (port: number) => Record<string, string>): Promise<RunningServer> {
  const [program, args] = startCommand();
  return startServer(program, args, (port) => ({ LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env(port) }), { readyPath: '/health' });
}

/** POST/GET JSON to a running server's /api. */
export async function api(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

/** The shipped server on a SQLite file of its own (`databaseUrl`, for reading back what it stored),
 * with the demo data; stop() also removes the file. With `ownSecret: false` it keeps the development
 * JWT secret, exactly as `npm start` runs; `env`: more settings. */
export async function startShippedOnSqlite(label: string, { ownSecret = true, env = {} as Record<string, string> } = {}): Promise<RunningServer & { databaseUrl: string }> {
  const dir = mkdtempSync(join(tmpdir(), `jwi-${label}-`));
  const databaseUrl = `sqlite:${join(dir, 'jwi.sqlite')}`;
  const server = await startShipped((port) => ({
    PORT: String(port), DATABASE_URL: databaseUrl, UPLOAD_DIR: dir,
    ...(ownSecret ? { JWT_SECRET: `${label}-secret-`.padEnd(40, 'x') } : {}),
    ...env,
  }));
  return {
    ...server,
    databaseUrl,
    async stop() {
      const code = await server.stop();
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
