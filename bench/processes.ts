// Starting the benchmarked servers as processes, and reading their memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

export { freePort } from '../lib/free-port.js';

export const repoRoot = new URL('..', import.meta.url).pathname;

/** The command `npm start` runs (after building), as [program, ...arguments]: "as shipped" (its
 * leading `exec`, which makes the shell npm starts become the server, is the shell's business). */
export function startCommand(): [string, string[]] {
  const { scripts } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start.replace(/^exec\s+/, '').split(/\s+/);
  return [program!, args];
}

export interface Process {
  child: ChildProcess;
  baseUrl: string;
  stop(): Promise<void>;
}

/** The servers started and not yet ended, and what else a bench leaves behind (its temporary
 * folders): however the bench ends (normally, by an exception in autocannon's request builder, or
 * stopped with SIGTERM or Ctrl-C), it stops the servers and cleans up on its way out, instead of
 * leaving them running orphaned. */
const running = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
  for (const cleanup of cleanups) cleanup();
});
// A signal's default action ends the process without 'exit': exit instead, with the shell's code for it.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => process.exit(128 + constants.signals[signal]));

/** Runs `cleanup` when the bench process ends, however it ends. */
export const onExit = (cleanup: () => void): void => void cleanups.push(cleanup);

/** Stops `child` (SIGTERM, or its process group's) when the bench ends, if it has not ended by then. */
export function stopOnExit(child: ChildProcess, group = false): void {
  onExit(() => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (group) process.kill(-child.pid!, 'SIGTERM');
      else child.kill('SIGTERM');
    } catch {
      // gone meanwhile
    }
  });
}

export async function startProcess(command: string, args: string[], env: Record<string, string>, port: number, readyPath: string): Promise<Process> {
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = ''; // the end of it, to say why a server did not start
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}: ${stderr}`);
    if (await fetch(baseUrl + readyPath).then(() => true, () => false)) break;
    if (i > 400) throw new Error(`${command} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    baseUrl,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
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

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (s; user and system, all threads) a process and all its descendants have used. */
export const treeCpuSeconds = (pid: number): number => sumOverTree(pid, (p) => {
  const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
  // After the command in parentheses (it may hold spaces): utime and stime are the 12th and 13th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}) / TICKS_PER_SECOND;

/** Samples the tree's resident memory until stopped; the peak in MB. */
export function watchPeakRss(pid: number, everyMs = 100): () => number {
  let peak = treeRssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMb(pid))), everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, treeRssMb(pid));
  };
}
