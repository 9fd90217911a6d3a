// vitest global setup: builds the server bundle once (what `npm start` runs), for the tests that
// start the shipped server as a process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: 'inherit' });
}
