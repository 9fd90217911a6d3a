// What a bench starts is ended with it: its servers (lib/processes.ts starts them) and its
// temporary folders.
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { startServer, type RunningServer } from '../lib/processes.js';

export { freePort, repoRoot, startCommand, treeCpuSeconds, watchPeakRss } from '../lib/processes.js';

export type Process = RunningServer;

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

/** A server of the bench on `port`, ready once `readyPath` answers, ended with the bench. */
export function startProcess(command: string, args: string[], env: Record<string, string>, port: number, readyPath: string): Promise<Process> {
  return startServer(command, args, () => env, {
    port, readyPath, quiet: true,
    onSpawn: (child) => {
      running.add(child);
      child.once('exit', () => running.delete(child));
    },
  });
}
