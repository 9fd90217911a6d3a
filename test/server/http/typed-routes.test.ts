// Handlers are typed from the spec: a handler that answers a status or body the spec does not
// document for its operation fails to compile (checked by `tsc` in `npm test`), and the helper
// sends exactly the status and body the handler returns.
import express from 'express';
import { describe, expect, it } from 'vitest';
import { loadBundle, type JsonObject } from '../../../lib/spec/bundle.js';
import { operationRegistry, operationStep, resolveOperation } from '../../../server/http/operations.js';
import { inSequence } from '../../../server/http/sequence.js';
import { route, Routes } from '../../../server/http/typed-routes.js';

/** The bundle with only the operations of `paths`. */
function specWith(...paths: string[]): JsonObject {
  const spec = loadBundle();
  return { ...spec, paths: Object.fromEntries(paths.map((path) => [path, (spec.paths as JsonObject)[path]!])) };
}

const noLimits = { limitsOf: () => ({ front: undefined, body: undefined }), limitedOperations: [] };

describe('route()', () => {
  it('sends the status, body and headers the handler returns', async () => {
    const router = new Routes();
    route(router, 'get', '/region', async () => ({
      status: 200,
      body: { status: 'success', message: 'ok', data: [{ id: 7, name: 'Region Test' }] },
      headers: { 'X-Test': 'yes' },
    }));
    const registry = operationRegistry(specWith('/region'), { handlers: router, ...noLimits });
    const server = express().use(inSequence([resolveOperation(registry), operationStep((operation) => operation.handler)])).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/region`);
    server.close();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-test')).toBe('yes');
    expect(await response.json()).toEqual({ status: 'success', message: 'ok', data: [{ id: 7, name: 'Region Test' }] });
  });

  it('refuses two handlers for one operation', () => {
    const routes = new Routes();
    const handler = async () => ({ status: 200 as const, body: { status: 'success' as const, message: 'ok', data: [] } });
    route(routes, 'get', '/region', handler);
    expect(() => route(routes, 'get', '/region', handler)).toThrow('two handlers for GET /region');
  });

  it('refuses, at start-up, a table that lacks a documented operation or serves an undocumented one', () => {
    const routes = new Routes();
    route(routes, 'get', '/region', async () => ({ status: 200, body: { status: 'success', message: 'ok', data: [] } }));
    expect(() => operationRegistry(specWith('/region', '/package'), { handlers: routes, ...noLimits }))
      .toThrow('the operations do not match the spec: GET /package has no handler');
    expect(() => operationRegistry(specWith('/package'), { handlers: routes, ...noLimits }))
      .toThrow('a handler for GET /region, which the spec does not document');
  });
});

// Never called: tsc checks these, each must be a compile error.
export function handlersTheSpecForbids(router: Routes) {
  // @ts-expect-error GET /auth/me answers a User, not a message
  route(router, 'get', '/auth/me', async () => ({ status: 200, body: { message: 'x' } }));
  // @ts-expect-error GET /region documents no 404
  route(router, 'get', '/region', async () => ({ status: 404, body: { message: 'x' } }));
  // @ts-expect-error the spec has no PUT /region
  route(router, 'put', '/region', async () => ({ status: 200, body: {} }));
  // @ts-expect-error a customer's status is one of the enum
  route(router, 'get', '/customer', async () => ({ status: 404, body: { status: 'missing', message: 'x' } }));
  route(router, 'post', '/auth/login', async ({ body }) => {
    // @ts-expect-error the login body has no email field
    void body.email;
    return { status: 429, body: { message: 'Terlalu banyak percobaan.' } };
  });
}
