// The HTTP frame around the operations: health, docs, unknown routes, request ids, security
// headers, CORS, and what a failure looks like from outside.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedDir } from '../../../lib/spec/bundle.js';
import { inlineScriptHashes } from '../../../server/http/security-headers.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

describe.each(await databaseKinds())('HTTP frame on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(kind, {}, { CORS_ORIGINS: 'http://localhost:5173,http://127.0.0.1:5173' });
  });
  afterAll(() => app?.close());

  it('reports health, including the database, outside /api', async () => {
    const response = await fetch(`${app.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves the rendered docs at /docs', async () => {
    const response = await fetch(`${app.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('JWI Customer API');
  });

  it.each([['/api/nope'], ['/nope'], ['/api']])('answers an unknown route %s with a JSON 404', async (path) => {
    const response = await fetch(`${app.baseUrl}${path}`, { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Route tidak ditemukan.' });
  });

  it('answers a method the path does not have with a JSON 405 and the methods it has', async () => {
    const response = await fetch(`${app.baseUrl}/api/region`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toEqual({ message: 'Method tidak diizinkan untuk route ini.' });
    const customer = await fetch(`${app.baseUrl}/api/customer`, { method: 'PATCH' });
    expect(customer.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('finds an operation by its exact path, whatever the query', async () => {
    expect((await fetch(`${app.baseUrl}/api/region?x=1`)).status).toBe(200);
    for (const path of ['/api/region/', '/api/Region', '/api/regio%6E']) expect((await fetch(`${app.baseUrl}${path}`)).status, path).toBe(404);
  });

  it('gives every response a request id, keeping a sane one the client sent', async () => {
    const generated = await fetch(`${app.baseUrl}/api/region`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${app.baseUrl}/api/region`, { headers: { 'X-Request-Id': 'client-trace-0001' } });
    expect(kept.headers.get('x-request-id')).toBe('client-trace-0001');
    const replaced = await fetch(`${app.baseUrl}/api/region`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });

  it("sends OWASP's security headers for API responses, helmet's for the docs, and no X-Powered-By", async () => {
    const response = await fetch(`${app.baseUrl}/api/region`);
    expect(Object.fromEntries(['cache-control', 'content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options']
      .map((name) => [name, response.headers.get(name)]))).toEqual({
      'cache-control': 'no-store',
      'content-security-policy': "frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(response.headers.get('x-powered-by')).toBeNull();
    const unknown = await fetch(`${app.baseUrl}/api/nope`);
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff');
    const docs = await fetch(`${app.baseUrl}/docs`);
    // The page's own inline scripts by their hashes, and no 'unsafe-inline' (test/generated/docs.test.ts: in Chromium).
    const policy = docs.headers.get('content-security-policy')!;
    const html = readFileSync(`${generatedDir}docs/index.html`, 'utf8');
    expect(policy).toContain(`script-src 'self' ${inlineScriptHashes(html).join(' ')};`);
    expect(inlineScriptHashes(html)).toHaveLength(2);
    expect(policy.split(';').find((d) => d.startsWith('script-src '))).not.toContain('unsafe-inline');
    expect(docs.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(docs.headers.get('x-powered-by')).toBeNull();
  });

  it('allows the CORS_ORIGINS, and only them, with the preflight', async () => {
    const preflight = await fetch(`${app.baseUrl}/api/customer`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await fetch(`${app.baseUrl}/api/region`, { headers: { Origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a failure inside the server', () => {
  it('answers 500 with a request id and no stack trace, and /health reports the database down', async () => {
    const [kind] = await databaseKinds();
    const app = await startApp(kind!);
    await app.ctx.database.close();
    const response = await app.get('/region', { expectServerError: true });
    expect(response.status).toBe(500);
    expect(Object.keys(response.body).sort()).toEqual(['message', 'request_id']);
    expect(JSON.stringify(response.body)).not.toMatch(/at |\.ts|node_modules|sqlite|SELECT/i);
    const health = await fetch(`${app.baseUrl}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', database: 'down' });
    await app.close().catch(() => undefined);
  });
});
