// npm run workflows: the Arazzo workflows run by Redocly's respect against the server as
// `npm start` runs it, on fresh demo data, with the demo inputs; and a server that breaks a flow
// (it takes a second payment of one invoice) fails the run, naming the step.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAlteringProxy } from '../fakes/altering-proxy.js';
import { type RunningServer } from '../../lib/processes.js';
import { startShippedOnSqlite } from '../support/shipped.js';
import { runCommand } from '../support/commands.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startShippedOnSqlite('workflows', { ownSecret: false }); // as npm start runs it
}, 60_000);
afterAll(() => server?.stop());

const workflows = (baseUrl: string, ...args: string[]) =>
  runCommand('node', ['--import', 'tsx', 'scripts/workflows.ts', '--base-url', baseUrl, ...args]);

it('runs every workflow against npm start with the demo inputs, twice', async () => {
  for (const round of [1, 2]) {
    const { code, stdout } = await workflows(`${server.baseUrl}/api`);
    expect(stdout, `round ${round}`).toMatch(/Workflows: 2 passed, 2 total/); // partners
    expect(stdout, `round ${round}`).toMatch(/Workflows: 3 passed, 3 total/); // app
    expect(stdout).not.toMatch(/Node\.js 20 support is ending|[╔║╚]/u); // Redocly's notice, not the user's to read
    expect(code).toBe(0);
  }
}, 120_000);

it('fails when the server breaks a flow, naming the step', async () => {
  const proxy = await startAlteringProxy(server.baseUrl, {
    response: (exchange, status) => (exchange.path === '/api/billing/mark-as-paid' && status === 409
      ? { status: 200, body: { status: true, message: 'Tagihan berhasil diperbarui menjadi sudah dibayar' } } : undefined),
  });
  try {
    const { code, stdout } = await workflows(`${proxy.url}/api`, '--workflow', 'payInvoice');
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/✗ POST \/billing\/mark-as-paid - step payAgain/);
  } finally {
    await proxy.close();
  }
}, 120_000);

it('refuses to run without a base URL', async () => {
  const { code } = await runCommand('node', ['--import', 'tsx', 'scripts/workflows.ts']);
  expect(code).toBe(2);
});
