// Starts a server process for a test on a free port and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export { freePort } from '../../lib/free-port.js';
import { freePort } from '../../lib/free-port.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  pid: number;
  /** Kills the process at once (no shutdown), and waits until it is gone. */
  crash(): Promise<void>;
  output(): string;
  /** Sends SIGTERM; resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
}

/** Runs `command args` with PORT-like env from `env(port)`, and waits until `readyPath` answers. */
export async function startServer(
  command: string,
  args: string[],
  env: (port: number) => Record<string, string>,
  readyPath = '/',
  timeoutMs = 45_000,
): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(baseUrl + readyPath);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${command} did not listen within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    baseUrl,
    pid: child.pid!,
    crash: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
    output: () => output,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** `npm run mock`; its baseUrl is the API's base URL on the mock (http://127.0.0.1:PORT/api). */
export async function startMock(): Promise<RunningServer> {
  const mock = await startServer('bash', ['mock/start.sh'], (port) => ({ MOCK_PORT: String(port) }), '/api/region');
  return { ...mock, baseUrl: `${mock.baseUrl}/api` };
}
