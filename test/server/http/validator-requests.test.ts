// The spec's request check (express-openapi-validator behind server/http/openapi-validator.ts), over
// HTTP: the library's query rules (bracket keys, repeated parameters, defaults, coercion) decide
// every query, any spelling of a media type gets the same checks, and a Content-Type header whose
// parameters change on every request is answered as the bare media type and does not make the
// library build (and keep) new validators: the body parser hands it the media type it decided.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PASSWORD } from '../../../server/demo/constants.js';
import { startApp, type TestApp } from '../../support/app.js';

const john = DEMO_CUSTOMERS[0]!;

describe('the spec validator on requests', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startApp('sqlite');
    token = (await app.post('/auth/login', { identifier: john.email, password: DEMO_PASSWORD })).body.token;
  });
  afterAll(() => app.close());

  const get = (path: string, headers: Record<string, string> = {}) => app.get(path, { token, headers });

  it.each([
    ['/invoice?status[x]=paid', 'status'], // a bracket key is an object for the library, not an unknown parameter
    ['/invoice?status[]=all', 'status'],
    ['/invoice?status=paid&status=all', 'status'],
    ['/invoice?month=2&month=3', 'month'],
    ['/invoice?month=13', 'month'],
    ['/invoice?month=2%3A', 'month'],
    ['/package?company_id[a]=1', 'company_id'],
    ['/help?year=abc', 'year'],
  ])('refuses %s, naming %s', async (path, field) => {
    const response = await get(path);
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual([field]);
  });

  it('lists what the defaults and the coerced values of the query select', async () => {
    const unpaid = await get('/invoice'); // status defaults to unpaid
    expect(unpaid.status).toBe(200);
    expect(unpaid.body.data.length).toBeGreaterThan(0);
    expect(unpaid.body.data.every((invoice: { status: string }) => invoice.status === 'unpaid')).toBe(true);
    const all = await get('/invoice?status=all&year=2026');
    expect(all.body.data.some((invoice: { status: string }) => invoice.status === 'paid')).toBe(true);
    const february = await get(`/invoice?status=all&month=02&year=2026`); // "02" is the integer 2
    expect(february.status).toBe(200);
    expect(february.body.data.map((invoice: { month: number }) => invoice.month)).toEqual([2]);
    // A comma is a reserved character; the ticket filter allows it unencoded, as its spec says.
    expect((await get('/help?status=pending,process')).status).toBe(200);
  });

  it('checks a body the same under every spelling of its media type', async () => {
    const errorsFor = async (contentType: string) => {
      const response = await app.post('/help', { help_type: 'x' }, { token, headers: { 'Content-Type': contentType } });
      expect(response.status).toBe(422);
      return response.body.errors;
    };
    const plain = await errorsFor('application/json');
    expect(Object.keys(plain)).toContain('description');
    for (const variant of ['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; x=1']) {
      expect(await errorsFor(variant)).toEqual(plain);
    }
  });

  it('does not keep anything for a Content-Type header that changes on every request', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const bare = await app.post('/help', {}, { token });
    expect(bare.status).toBe(422);
    const heapAfter = async (requests: number) => {
      for (let i = 0; i < requests; i++) {
        expect((await get('/invoice?status=all', { 'Content-Type': `text/plain; x=${Math.random()}` })).status).toBe(200);
        const variant = await app.post('/help', {}, { token, headers: { 'Content-Type': `application/json; x=${Math.random()}` } });
        expect([variant.status, variant.body]).toEqual([422, bare.body]);
      }
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = await heapAfter(50); // what the first requests build, built
    const after = await heapAfter(300);
    // The library's own keying built the validators again for each new header: ~30 KB a request.
    expect(after - before).toBeLessThan(3 * 1024 * 1024);
  });
});
