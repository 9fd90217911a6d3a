// npm run bench:startup [-- --rounds N]
// How long `npm start` takes to answer /health: on the very first start (build, migrations, demo
// data on a new SQLite file) and on a start with that database already there. Each measured from
// the moment the command is launched, as a user types it; medians over the rounds.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, wholeNumber } from '../lib/cli-args.js';
import { freePort, onExit, repoRoot, stopOnExit } from './processes.js';

const USAGE = 'usage: npm run bench:startup [-- --rounds N]';
const { values } = parseCommandLine({ options: { rounds: { type: 'string', default: '5' } } }, USAGE);
const ROUNDS = wholeNumber('rounds', values.rounds, 1, USAGE);

/** Seconds from launching `npm start` until /health answers 200; the server is stopped again. */
async function timeToHealth(dir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot, detached: true, stdio: 'ignore',
    env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'jwi.sqlite')}`, UPLOAD_DIR: join(dir, 'uploads'), LOG_LEVEL: 'warn' },
  });
  stopOnExit(child, true);
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status === 200, () => false);
      if (ok) return (performance.now() - started) / 1000;
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error('no /health within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM'); // npm, its shell and the server: the whole group
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const first: number[] = [];
const again: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'jwi-startup-'));
  onExit(() => rmSync(dir, { recursive: true, force: true }));
  first.push(await timeToHealth(dir));
  again.push(await timeToHealth(dir));
  rmSync(dir, { recursive: true, force: true });
}
const fmt = (xs: number[]) => `${median(xs).toFixed(2)} s (median of ${xs.length}: ${xs.map((x) => x.toFixed(2)).join(', ')})`;
console.log(`npm start to /health, first start (build, migrations, demo data): ${fmt(first)}; target 4 s`);
console.log(`npm start to /health, on an existing database: ${fmt(again)}; target 2 s`);
