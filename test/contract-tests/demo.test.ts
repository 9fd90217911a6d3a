// Turnkey: the suite with the shipped config for the demo (contract-tests/demo.json) against the
// server as `npm start` runs it, with nothing else configured, exercises every documented outcome
// but those the config lists with a reason, and passes; run twice back to back, it passes twice
// (the second run waits out the per-client rate limits the first one spent).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer } from '../../lib/processes.js';
import { startShippedOnSqlite } from '../support/shipped.js';
import { runCommand } from '../support/commands.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startShippedOnSqlite('demo', { ownSecret: false }); // as npm start runs it
}, 60_000);
afterAll(() => server?.stop());

const suite = () => runCommand('node', ['--import', 'tsx', 'contract-tests/cli.ts', '--config', 'contract-tests/demo.json', '--base-url', `${server.baseUrl}/api`, '--fail-on-uncovered']);

it('passes against npm start with the demo config, twice in a row, with every outcome exercised or excused', async () => {
  for (const round of [1, 2]) {
    const started = performance.now();
    const result = await suite();
    const coverage = /Coverage: .*/.exec(result.stdout)?.[0];
    console.log(`demo run ${round}: exit ${result.code} in ${((performance.now() - started) / 1000).toFixed(0)} s; ${coverage}`);
    if (result.code !== 0) console.log(result.stdout.split('\n').filter((line) => /never exercised|^\s+(\[|expected|seen)/.test(line)).slice(0, 40).join('\n'));
    expect(result.stdout.split('\n').filter((line) => /never exercised:|^\s+\[/.test(line))).toEqual([]);
    expect(result.code).toBe(0);
    expect(coverage).toMatch(/0 failed, 0 never exercised, \d+ expected not to be/);
  }
}, 600_000);
