// The Prism mock serves every documented outcome: for each (operation, status, named example),
// `Prefer: code=..., example=...` returns that status and that body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { listResponseExamples } from '../support/examples.js';
import { exampleRequest } from '../support/requests.js';
import { startMock, type RunningServer } from '../support/servers.js';

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
      const request = exampleRequest(spec, op);
      request.init.headers.Prefer = `code=${status}, example=${name}`;
      const response = await fetch(mock.baseUrl + request.path, request.init);
      expect(response.status).toBe(Number(status));
      expect(await response.json()).toEqual(value);
    },
  );
});
