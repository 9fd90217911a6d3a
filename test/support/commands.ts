// A program run to its end as a user runs it: its exit code and what it printed. A failing exit is
// an outcome the test looks at, not an exception; a program that could not run at all is one.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot } from '../../lib/processes.js';

const exec = promisify(execFile);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCommand(program: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return exec(program, args, { cwd: options.cwd ?? repoRoot, env: options.env, maxBuffer: 32 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number | string; stdout?: string; stderr?: string }) => {
      if (typeof error.code !== 'number') throw error;
      return { code: error.code, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
    },
  );
}
