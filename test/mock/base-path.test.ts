// The mock answers on the API's base path: a frontend switching from the mock to a server changes
// only the host and port. `npm run mock` serves generated/mock/openapi.json, the bundle with every
// path under /api.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { startMock } from '../support/servers.js';
import { repoRoot, type RunningServer } from '../../lib/processes.js';

const spec = loadBundle();
const mockSpec = loadBundle(`${repoRoot}/generated/mock/openapi.json`);
let mock: RunningServer;

beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.stop());

describe('the mock on the API base path', () => {
  it('serves the bundle with each path under /api, and nothing else changed but its servers', () => {
    expect(Object.keys(mockSpec.paths as JsonObject)).toEqual(Object.keys(spec.paths as JsonObject).map((path) => `/api${path}`));
    expect(Object.values(mockSpec.paths as JsonObject)).toEqual(Object.values(spec.paths as JsonObject));
    const { paths: _a, servers: _b, ...rest } = mockSpec;
    const { paths: _c, servers: _d, ...bundle } = spec;
    expect(rest).toEqual(bundle);
  });

  it('is on the base URL the spec lists for it', () => {
    const origin = new URL(mock.baseUrl).origin;
    expect((spec.servers as { url: string; description: string }[]).find((s) => s.description.includes('npm run mock'))?.url)
      .toBe('http://localhost:4010/api');
    expect(mock.baseUrl).toBe(`${origin}/api`);
  });

  it('answers /api/... and not the bare paths', async () => {
    const origin = new URL(mock.baseUrl).origin;
    const customer = await fetch(`${origin}/api/customer`, { headers: { Authorization: 'Bearer any', Accept: 'application/json' } });
    expect(customer.status).toBe(200);
    expect(((await customer.json()) as { customer: { no_services: string } }).customer.no_services).toBe('ISP00123');
    expect((await fetch(`${origin}/api/region`)).status).toBe(200);
    expect((await fetch(`${origin}/region`)).status).toBe(404);
    expect((await fetch(`${origin}/customer`, { headers: { Authorization: 'Bearer any' } })).status).toBe(404);
  });
});
