// The benches stop what they started however they are stopped: `npm run bench` sent SIGTERM (as
// `kill $!` does to npm) or SIGINT (Ctrl-C) while its servers run leaves no server behind and no
// temporary folder.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processTree, repoRoot } from '../../lib/processes.js';

/** The folder of the bench's databases, from a server's DATABASE_URL (sqlite:FOLDER/jwi.sqlite). */
const folderOf = (pid: number) => dirname(/(?:^|\0)DATABASE_URL=sqlite:([^\0]+)/.exec(readFileSync(`/proc/${pid}/environ`, 'utf8'))![1]!);
const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined; // gone
  }
};

describe('npm run bench', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stopped with %s while its servers run, stops them and removes its folder', async (signal) => {
    // A process group of its own: whatever is left of it at the end is killed, even when the test fails.
    const npm = spawn('npm', ['run', '-s', 'bench', '--', '--rounds', '1', '--seconds', '30', '--slice', '1', '--route', 'GET /customer'], {
      cwd: repoRoot, stdio: 'ignore', detached: true,
    });
    try {
      // Running: a reference server of the bench answers (the one that prepares its database first).
      const servers = () => processTree(npm.pid!).filter((pid) => commandOf(pid)?.includes('dist/server/main.mjs'));
      await expect.poll(servers, { timeout: 60_000, interval: 200 }).not.toEqual([]);
      const folder = folderOf(servers()[0]!);
      expect(existsSync(folder)).toBe(true);
      const started = processTree(npm.pid!).filter((pid) => pid !== npm.pid);
      const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
      npm.kill(signal); // npm only, as `kill $!` does
      await exited;
      // Everything it started ends (a server finishes its graceful shutdown first).
      await expect.poll(() => started.filter((pid) => commandOf(pid) !== undefined), { timeout: 20_000, interval: 200 }).toEqual([]);
      expect(existsSync(folder), folder).toBe(false);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // nothing left
      }
    }
  }, 120_000);
});
