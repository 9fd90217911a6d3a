// The operation registry (server/http/operations.ts) is built when the app is: a spec and a server
// that do not match (an operation without a handler, a handler for no operation, a 429 without a
// rate limit or a rate limit without a documented 429) stop the start, naming what is wrong.
import { describe, expect, it } from 'vitest';
import { loadBundle, type JsonObject } from '../../../lib/spec/bundle.js';
import { readContract } from '../../../server/shared/contract.js';
import { startApp } from '../../support/app.js';

/** The bundle, changed by `edit` (paths as the spec writes them). */
function specWith(edit: (paths: Record<string, JsonObject>) => void): JsonObject {
  const spec = structuredClone(loadBundle());
  edit(spec.paths as Record<string, JsonObject>);
  return spec;
}

const startWith = (spec: JsonObject) => startApp('sqlite', { contract: readContract(spec) });
const responsesOf = (paths: Record<string, JsonObject>, path: string, method: string) => (paths[path]![method] as JsonObject).responses as JsonObject;

describe('the operation registry at start-up', () => {
  it('refuses a documented operation without a handler', async () => {
    const spec = specWith((paths) => {
      paths['/region']!.delete = structuredClone(paths['/region']!.get!);
      (paths['/region']!.delete as JsonObject).operationId = 'deleteRegion';
    });
    await expect(startWith(spec)).rejects.toThrow('the operations do not match the spec: DELETE /region has no handler');
  });

  it('refuses a handler for an operation the spec does not have', async () => {
    await expect(startWith(specWith((paths) => delete paths['/region']))).rejects.toThrow('a handler for GET /region, which the spec does not document');
  });

  it('refuses an operation documenting 429 without a rate limit, and a rate limit without a documented 429', async () => {
    const unlimited = specWith((paths) => {
      responsesOf(paths, '/region', 'get')['429'] = responsesOf(paths, '/auth/login', 'post')['429']!;
    });
    await expect(startWith(unlimited)).rejects.toThrow('GET /region documents 429 but has no rate limit');
    const undocumented = specWith((paths) => delete responsesOf(paths, '/auth/login', 'post')['429']);
    await expect(startWith(undocumented)).rejects.toThrow('POST /auth/login is rate limited but documents no 429');
  });

  it('refuses a rate limit for an operation the spec does not have', async () => {
    await expect(startWith(specWith((paths) => delete paths['/help']))).rejects.toThrow('a rate limit for POST /help, which the spec does not document');
  });
});
