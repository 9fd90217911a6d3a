// A valid request for an operation as fetch sends it: the spec's first example request
// (lib/spec/examples.ts), with placeholder credentials where the operation needs them.
import type { JsonObject, SpecOperation } from '../../lib/spec/bundle.js';
import { exampleRequests, TINY_PNG } from '../../lib/spec/examples.js';

export interface FetchRequest {
  path: string; // with query string
  init: RequestInit & { headers: Record<string, string> };
}

export function exampleFetch(spec: JsonObject, op: SpecOperation): FetchRequest {
  const { query, body } = exampleRequests(spec, op)[0]!;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (op.security === 'bearer') headers.Authorization = 'Bearer mock-token';
  if (op.security === 'apiKey') headers['X-MYWIFI-KEY'] = 'mock-key';
  let sent: BodyInit | undefined;
  if (body && 'json' in body) {
    sent = JSON.stringify(body.json);
    headers['Content-Type'] = 'application/json';
  } else if (body) {
    sent = new FormData();
    sent.append(body.file.field, new Blob([TINY_PNG], { type: body.file.contentType }), body.file.fileName);
  }
  const search = query.length > 0 ? `?${new URLSearchParams(query.map(([name, value]) => [name, String(value)]))}` : '';
  return { path: op.path + search, init: { method: op.method, headers, ...(sent ? { body: sent } : {}) } };
}
