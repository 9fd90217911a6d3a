// The operation resolver is the only way in: a request reaches a guard, the validator and a handler
// only when its method and raw path are exactly a documented operation. Every other spelling of a
// documented path (case, trailing or doubled slash, percent-encoding, dot segments) answers 404 in
// the documented shape, with or without credentials, and changes nothing stored; a method a path
// does not have answers 405 with the methods it has.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATH_VARIANTS } from '../../../lib/path-variants.js';
import { rawRequest } from '../../../lib/raw-request.js';
import { listOperations, loadBundle, type SpecOperation } from '../../../lib/spec/bundle.js';
import { DEMO_API_KEY } from '../../../server/demo/constants.js';
import { login } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';
import { exampleFetch } from '../../support/requests.js';

const spec = loadBundle();
const operations = listOperations(spec);

/** Spellings of `/api{path}` that are not it: the base path's own, then the path's (lib/path-variants.ts). */
const variants: [string, (path: string) => string][] = [
  ['upper-case prefix', (p) => `/API${p}`],
  ['mixed-case prefix', (p) => `/Api${p}`],
  ['doubled slash in front', (p) => `//api${p}`],
  ...PATH_VARIANTS.map(([label, spell]): [string, (path: string) => string] => [label, (p) => `/api${spell(p)}`]),
];

// The resolver does not depend on validation: with both switches off (bench (b)), where nothing behind
// it would catch a stray request, the variants must still be refused.
const setups = [
  ...(await databaseKinds()).map((kind) => [kind, kind, {}] as const),
  ['sqlite without request or response validation', 'sqlite', { VALIDATE_REQUESTS: 'false', VALIDATE_RESPONSES: 'false' }] as const,
];

describe.each(setups)('the operation resolver on %s', (_label, kind, settings) => {
  let app: TestApp;
  let credentials: { bearer: Record<string, string>; apiKey: Record<string, string> };
  const requestFor = (op: SpecOperation) => exampleFetch(spec, op);

  /** A digest of every row of every table: equal before and after means nothing was written. */
  async function storedState(): Promise<string> {
    const hash = createHash('sha256');
    const tables = (await app.ctx.db.introspection.getTables())
      .filter((t) => !t.name.startsWith('kysely_') && (t.schema === undefined || t.schema === app.ctx.database.schema))
      .map((t) => t.name).sort();
    for (const table of tables) {
      const rows = await sql`select * from ${sql.table(table)} order by 1`.execute(app.ctx.db);
      hash.update(`${table}:${JSON.stringify(rows.rows)}\n`);
    }
    return hash.digest('hex');
  }

  beforeAll(async () => {
    app = await startApp(kind, {}, settings);
    credentials = { bearer: { Authorization: `Bearer ${await login(app)}` }, apiKey: { 'X-MYWIFI-KEY': DEMO_API_KEY } };
  });
  afterAll(() => app?.close());

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))('answers no spelling of %s but the exact one', async (_key, op) => {
    const { path, init } = requestFor(op);
    const [specPath, query] = [op.path, path.slice(op.path.length)];
    const before = await storedState();
    for (const withCredentials of [false, true]) {
      const headers: Record<string, string> = { ...init.headers };
      delete headers.Authorization;
      delete headers['X-MYWIFI-KEY'];
      if (withCredentials && op.security !== 'none') Object.assign(headers, credentials[op.security]);
      // A multipart body cannot be resent as a string; an empty one is enough to reach a handler that is reachable.
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body === undefined) delete headers['Content-Type'];
      for (const [label, spell] of variants) {
        const sent = spell(specPath) + query;
        const response = await rawRequest(app.baseUrl, { method: op.method, path: sent, headers, body });
        expect({ variant: label, sent, withCredentials, status: response.status, body: response.text })
          .toEqual({ variant: label, sent, withCredentials, status: 404, body: JSON.stringify({ message: 'Route tidak ditemukan.' }) });
      }
    }
    expect(await storedState(), 'no variant changed anything stored').toBe(before);
  });

  it('the exact spelling is the way in (so the variants above would have reached the operation)', async () => {
    const before = await storedState();
    const region = await rawRequest(app.baseUrl, { method: 'GET', path: '/api/region' });
    expect(region.status).toBe(200);
    const missingKey = await rawRequest(app.baseUrl, { method: 'GET', path: '/api/billing/unpaid?no_services=28900001' });
    expect(missingKey.status).toBe(400);
    expect(JSON.parse(missingKey.text)).toMatchObject({ status: false, error_code: 'API_KEY_MISSING' });
    expect(await storedState()).toBe(before);
  });

  it.each([...new Set(operations.map((op) => op.path))])('answers a method %s does not have with 405 and the methods it has', async (path) => {
    const documented = operations.filter((op) => op.path === path).map((op) => op.method);
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].filter((m) => !documented.includes(m))) {
      const response = await rawRequest(app.baseUrl, { method, path: `/api${path}`, headers: credentials.bearer });
      expect({ method, status: response.status }).toEqual({ method, status: 405 });
      expect(String(response.headers.allow).split(', ').sort()).toEqual([...documented].sort());
      if (method !== 'HEAD') expect(JSON.parse(response.text)).toEqual({ message: 'Method tidak diizinkan untuk route ini.' });
    }
  });

  it.each([['/HEALTH'], ['/health/'], ['/Docs'], ['/docs/'], ['/API/assets/images/profile/default1.jpg']])('matches the paths outside the API exactly too: %s is unknown', async (path) => {
    const response = await rawRequest(app.baseUrl, { method: 'GET', path });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual({ message: 'Route tidak ditemukan.' });
  });
});
