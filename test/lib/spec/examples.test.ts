// The spec's example requests: what the tests, the suite's examples phase and the code samples all
// send. Each is valid by the spec, takes what its examples say, and a spec lacking an example one
// needs is refused with the operation and the parameter named.
import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle, type JsonObject, type SpecOperation } from '../../../lib/spec/bundle.js';
import { exampleRequests, parametersOf, requestContentOf, TINY_PNG } from '../../../lib/spec/examples.js';
import { createSchemaValidator } from '../../../lib/spec/validator.js';

const spec = loadBundle();
const validator = createSchemaValidator(spec);
const operations = listOperations(spec);
const operation = (key: string) => operations.find((op) => `${op.method} ${op.path}` === key)!;

describe('exampleRequests on the bundle', () => {
  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))('%s: every request is valid by the spec', (_, op) => {
    const requests = exampleRequests(spec, op);
    expect(requests.length).toBeGreaterThan(0);
    const parameters = new Map(parametersOf(spec, op).map((p) => [String(p.name), p]));
    for (const { query, body } of requests) {
      for (const [name, value] of query) expect(validator.validateAgainst(parameters.get(name)!.schema as object, value), `${name}=${String(value)}`).toEqual([]);
      const required = [...parameters.values()].filter((p) => p.required).map((p) => String(p.name));
      expect(query.map(([name]) => name)).toEqual(expect.arrayContaining(required));
      if (body && 'json' in body) expect(validator.validateAgainst((requestContentOf(op)!['application/json'] as JsonObject).schema as object, body.json)).toEqual([]);
    }
  });

  it('names each request after its request-body example, and a bodiless one `parameters`', () => {
    const login = operation('POST /auth/login');
    expect(exampleRequests(spec, login).map((r) => r.name)).toEqual(Object.keys((requestContentOf(login)!['application/json'] as JsonObject).examples as JsonObject));
    expect(exampleRequests(spec, operation('GET /auth/me'))).toEqual([{ name: 'parameters', query: [] }]);
  });

  it('uploads the file its example names, as an image part, which TINY_PNG fills', () => {
    const [upload] = exampleRequests(spec, operation('POST /customer/profile-photo'));
    expect(upload!.body).toEqual({ file: { field: 'photo', fileName: 'avatar.png', contentType: 'image/png' } });
    expect([...TINY_PNG.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('sends the required parameters only, or for samples every one with an example but those marked x-in-samples: false', () => {
    const detail = operation('GET /billing/detail');
    const required = exampleRequests(spec, detail)[0]!.query.map(([name]) => name);
    const samples = exampleRequests(spec, detail, 'samples')[0]!.query.map(([name]) => name);
    expect(required).toEqual([]);
    expect(samples).toContain('no_services');
    expect(samples).not.toContain('invoice');
  });
});

describe('exampleRequests on a spec that lacks an example', () => {
  const op = (definition: JsonObject): SpecOperation => ({ method: 'POST', path: '/things', operationId: 'makeThing', security: 'none', definition });

  it.each([
    ['a required parameter', { parameters: [{ name: 'year', in: 'query', required: true, schema: { type: 'integer' } }] }, 'POST /things: required parameter year has no example'],
    ['the request body', { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } } }, 'POST /things: the request body has no named example'],
    ['an image name', { requestBody: { content: { 'multipart/form-data': { examples: { doc: { value: { photo: 'notes.txt' } } } } } } }, "POST /things: the example's file notes.txt is not a JPEG, PNG or GIF name"],
  ])('refuses %s, naming the operation', (_, definition, message) => {
    expect(() => exampleRequests({}, op(definition as JsonObject))).toThrow(message);
  });
});
