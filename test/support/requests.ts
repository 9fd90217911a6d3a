// Builds a valid request for an operation from the spec's own examples: required parameters from
// their `example`, the body from the first named request example, credentials when needed.
import { deref, type JsonObject, type SpecOperation } from '../../lib/spec/bundle.js';

// The smallest valid PNG (1x1 transparent pixel).
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export interface ExampleRequest {
  path: string; // with query string
  init: RequestInit & { headers: Record<string, string> };
}

export function exampleRequest(spec: JsonObject, op: SpecOperation): ExampleRequest {
  const query = new URLSearchParams();
  for (const ref of (op.definition.parameters ?? []) as JsonObject[]) {
    const param = deref(spec, ref);
    if (param.in === 'query' && param.required) query.set(String(param.name), String(param.example));
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (op.security === 'bearer') headers.Authorization = 'Bearer mock-token';
  if (op.security === 'apiKey') headers['X-MYWIFI-KEY'] = 'mock-key';
  let body: BodyInit | undefined;
  const content = (op.definition.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  if (content?.['application/json']) {
    const examples = (content['application/json'] as JsonObject).examples as JsonObject;
    body = JSON.stringify((deref(spec, Object.values(examples)[0]!) as JsonObject).value);
    headers['Content-Type'] = 'application/json';
  } else if (content?.['multipart/form-data']) {
    const form = new FormData();
    form.append('photo', new Blob([TINY_PNG], { type: 'image/png' }), 'photo.png');
    body = form;
  }
  const search = query.size > 0 ? `?${query}` : '';
  return { path: op.path + search, init: { method: op.method, headers, ...(body ? { body } : {}) } };
}
