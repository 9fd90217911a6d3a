// The spec describes exactly the 35 operations of ENDPOINTS.md, with their methods, paths,
// tags, authentication and success status.
import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle } from '../../lib/spec/bundle.js';
import { readPlannedOperations } from '../support/endpoints.js';

const spec = loadBundle();
const operations = listOperations(spec);
const planned = readPlannedOperations();
const key = (op: { method: string; path: string }) => `${op.method} ${op.path}`;

describe('operations', () => {
  it('are the 35 of ENDPOINTS.md, method and path', () => {
    expect(planned).toHaveLength(35);
    expect(operations.map(key).sort()).toEqual(planned.map(key).sort());
  });

  it.each(planned.map((p) => [key(p), p] as const))('%s has the planned tag, auth and success status', (_, p) => {
    const op = operations.find((o) => key(o) === key(p))!;
    expect(op.definition.tags).toEqual([p.tag]);
    const auth = { none: 'none', bearer: 'bearer', 'X-MYWIFI-KEY': 'apiKey' }[p.auth];
    expect(op.security).toBe(auth);
    expect(Object.keys(op.definition.responses as object)).toContain(p.success);
  });

  it('have unique operationIds', () => {
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('list the production, reference-server and mock servers', () => {
    const urls = (spec.servers as { url: string }[]).map((s) => s.url);
    expect(urls).toEqual(['https://api.jwi.id/api', 'http://localhost:3000/api', 'http://localhost:4010/api']);
  });
});
