// The Prism mock serves every documented outcome: for each (operation, status, named example),
// `Prefer: code=..., example=...` returns that status and that body. It survives whatever JSON a
// client sends.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { listResponseExamples } from '../support/examples.js';
import { exampleFetch } from '../support/requests.js';
import { runCommand } from '../support/commands.js';
import { startMock } from '../support/servers.js';
import { type RunningServer } from '../../lib/processes.js';

const spec = loadBundle();
const examples = listResponseExamples(spec);
let mock: RunningServer;

beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.stop());

describe('mock', () => {
  it('has an example for every documented response of all 35 operations', () => {
    // Every (operation, status) the spec documents, and those that have a named example to ask the mock for.
    const documented = listOperations(spec).flatMap((op) => Object.keys(op.definition.responses as JsonObject).map((status) => `${op.method} ${op.path} ${status}`));
    const exemplified = new Set(examples.map((e) => `${e.op.method} ${e.op.path} ${e.status}`));
    expect(listOperations(spec)).toHaveLength(35);
    expect(documented.filter((response) => !exemplified.has(response))).toEqual([]);
  });

  it.each(examples.map((e) => [`${e.op.method} ${e.op.path} ${e.status} ${e.name}`, e] as const))(
    '%s',
    async (_, { op, status, name, value }) => {
      const request = exampleFetch(spec, op);
      request.init.headers.Prefer = `code=${status}, example=${name}`;
      const response = await fetch(mock.baseUrl + request.path, request.init);
      expect(response.status).toBe(Number(status));
      expect(await response.json()).toEqual(value);
    },
  );
});

describe('mock, sent any JSON body', () => {
  // Prism's CLI passes each of its log lines (which hold the request body) through jsonrepair before
  // JSON.parse; jsonrepair 3.14 and later rewrite some valid JSON, e.g. into an array, and Prism then
  // dies on the log line's missing name. package.json pins the version that leaves valid JSON alone.
  const push = (body: unknown) => fetch(`${mock.baseUrl}/notification/push`, {
    method: 'POST', headers: { 'X-MYWIFI-KEY': 'any', 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });

  it('answers, and goes on answering, bodies whose strings hold brackets, quotes and colons', async () => {
    expect((await push({ tokens: ['['], title: '}):b', body: 'b' })).status).toBe(200); // the shortest that killed it
    const text = fc.string({ unit: fc.constantFrom(...'{}[]():,"\\ab'), maxLength: 12 });
    const bodies = fc.sample(fc.record({ tokens: fc.array(text, { minLength: 1, maxLength: 4 }), title: text, body: text }), { numRuns: 200, seed: 29 });
    for (const body of bodies) expect([200, 422]).toContain((await push(body)).status);
    expect((await fetch(`${mock.baseUrl}/region`)).status).toBe(200);
  });
});

describe('npm run mock, given a port it cannot have', () => {
  const mockOn = (env: Record<string, string>) => runCommand('bash', ['mock/start.sh'], { env: { ...process.env, ...env } });

  it.each([
    ['a port that is not a number', () => ({ MOCK_PORT: 'abc' }), 'npm run mock: MOCK_PORT="abc": expected a port number from 0 to 65535'],
    ['a port in use (the running mock\'s)', () => ({ MOCK_PORT: new URL(mock.baseUrl).port }), 'the port is in use (set MOCK_PORT to a free one)'],
  ])('says so in one line with exit code 1: %s', async (_label, env, message) => {
    const result = await mockOn(env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
  });
});

describe('mock, asked for an outcome it does not have (as the README says)', () => {
  const customer = (prefer: string) => fetch(`${mock.baseUrl}/customer`, { headers: { Authorization: 'Bearer any', Prefer: prefer } });

  it('answers an unknown example name with a problem whose title says NOT_FOUND, and goes on answering', async () => {
    const response = await customer('code=404, example=no_such_example');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await response.json()).title).toContain('errors#NOT_FOUND: The server cannot find the requested content');
    expect((await customer('code=404, example=not_subscribed')).status).toBe(404);
  });

  it('answers an undocumented status with a 404 problem naming it', async () => {
    const response = await customer('code=499');
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe('Requested status code 499 is not defined in the document.');
  });
});
