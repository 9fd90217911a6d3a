// Runs the pinned Redocly CLI (node_modules/@redocly/cli) with telemetry off: the one way the
// scripts call it (generate, contract:diff, release, lint).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { withoutBanner } from '../lib/redocly-banner.js';

const require = createRequire(import.meta.url);
const cli = require.resolve('@redocly/cli/bin/cli.js');

/** The repository (this file sits in scripts/). */
export const repoRoot = resolve(import.meta.dirname, '..');

export interface RedoclyRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `redocly ...args` in `cwd`; returns its exit status and output, whatever the status. */
export function redocly(args: string[], cwd = repoRoot): RedoclyRun {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `redocly ...args` and throws with its output when it fails. */
export function redoclyOrThrow(args: string[], cwd = repoRoot): RedoclyRun {
  const run = redocly(args, cwd);
  if (run.status !== 0) throw new Error(`redocly ${args[0]} failed (exit ${run.status}):\n${withoutBanner(run.stderr + run.stdout)}`);
  return run;
}

export { withoutBanner };
