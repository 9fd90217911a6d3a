// The server as `npm start` runs it (the bundle, with its node flags), as a process of its own:
// what the reliability tests crash, overload and cut off from its database.
import { startCommand } from '../../bench/processes.js';
import { startServer, type RunningServer } from './servers.js';

export function startShipped(env: (port: number) => Record<string, string>): Promise<RunningServer> {
  const [program, args] = startCommand();
  return startServer(program, args, (port) => ({ LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env(port) }), '/health');
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
