// Servers started as processes of their own, and what they use, read from /proc: the one way the
// tests and the benches start the shipped server, the mock and the bench's baselines, and measure them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

export { freePort };

/** The repository (this file sits in lib/). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The command `npm start` runs (after building), as [program, ...arguments]: "as shipped" (its
 * leading `exec`, which makes the shell npm starts become the server, is the shell's business). */
export function startCommand(): [string, string[]] {
  const { scripts } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start.replace(/^exec\s+/, '').split(/\s+/);
  return [program!, args];
}

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  pid: number;
  /** Kills the process at once (no shutdown), and waits until it is gone. */
  crash(): Promise<void>;
  /** What it printed (with `quiet`, the end of its stderr only). */
  output(): string;
  /** Sends SIGTERM; resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  /** The port it is told to listen on (through `env`); a free one when not given. */
  port?: number;
  /** What answers once it is ready (any HTTP answer will do). */
  readyPath?: string;
  timeoutMs?: number;
  /** Keep only the end of its stderr, to say why it did not start, and none of its stdout: a bench's
   * servers print a line a request, which the measuring process would otherwise read and hold. */
  quiet?: boolean;
  /** Called with the process as soon as it exists: how a bench ends it, however the bench ends. */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `command args` (in the repository) with the settings `env(port)`, and waits until `readyPath`
 * answers; a process that exits or does not answer in time is ended and its output thrown. */
export async function startServer(command: string, args: string[], env: (port: number) => Record<string, string>, options: StartOptions = {}): Promise<RunningServer> {
  const { readyPath = '/', timeoutMs = 45_000, quiet = false } = options;
  const port = options.port ?? await freePort();
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env(port) }, stdio: ['ignore', quiet ? 'ignore' : 'pipe', 'pipe'] });
  options.onSpawn?.(child);
  let output = '';
  const keep = (chunk: Buffer) => (output = quiet ? (output + chunk.toString()).slice(-2000) : output + chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr!.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    if (await fetch(baseUrl + readyPath).then(() => true, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${command} did not listen within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    baseUrl,
    pid: child.pid!,
    crash: () => new Promise<void>((resolve) => {
      if (ended()) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
    output: () => output,
    stop: () => new Promise<number | null>((resolve) => {
      if (ended()) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    }),
  };
}

/** A process and all its descendants, from /proc (a process that ends meanwhile is left out). */
export function processTree(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return [pid, ...children.flatMap((child) => processTree(Number(child)))];
  } catch {
    return [];
  }
}

/** The sum of `read(pid)` over a process tree; 0 for a process that ended meanwhile. */
const sumOverTree = (pid: number, read: (pid: number) => number) => processTree(pid).reduce((sum, p) => {
  try {
    return sum + read(p);
  } catch {
    return sum;
  }
}, 0);

/** Resident memory (MB) of a process and all its descendants. */
export const treeRssMb = (pid: number): number =>
  sumOverTree(pid, (p) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0)) / 1024;

let ticksPerSecond: number | undefined;

/** CPU time (s; user and system, all threads) a process and all its descendants have used. */
export const treeCpuSeconds = (pid: number): number => {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return sumOverTree(pid, (p) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    // After the command in parentheses (it may hold spaces): utime and stime are the 12th and 13th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  }) / ticksPerSecond;
};

/** Samples the tree's resident memory until stopped; the peak in MB. */
export function watchPeakRss(pid: number, everyMs = 100): () => number {
  let peak = treeRssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMb(pid))), everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, treeRssMb(pid));
  };
}
