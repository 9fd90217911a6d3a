// Starting the benchmarked servers as processes, and reading their memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export { freePort } from '../lib/free-port.js';

export const repoRoot = new URL('..', import.meta.url).pathname;

/** The command `npm start` runs (after building), as [program, ...arguments]: "as shipped". */
export function startCommand(): [string, string[]] {
  const { scripts } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start.split(/\s+/);
  return [program!, args];
}

export interface Process {
  child: ChildProcess;
  baseUrl: string;
  stop(): Promise<void>;
}

/** The servers started and not yet ended: a bench that dies (an exception in autocannon's request
 * builder ends the process) stops them on its way out, instead of leaving them running orphaned. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

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

/** Resident memory (MB) of a process and all its descendants, from /proc. */
export function treeRssMb(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const task of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(Number(task));
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return kb / 1024;
}

/** Samples the tree's resident memory until stopped; the peak in MB. */
export function watchPeakRss(pid: number, everyMs = 100): () => number {
  let peak = treeRssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMb(pid))), everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, treeRssMb(pid));
  };
}
