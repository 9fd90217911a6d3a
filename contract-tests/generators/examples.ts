// Requests from the spec's own examples: each named request-body example of an operation, with the
// `example` of each required parameter.
import { deref, type JsonObject } from '../../lib/spec/bundle.js';
import type { Contract, Operation } from '../contract.js';
import type { ApiRequest } from '../http.js';

// The smallest valid PNG: what the upload examples send.
export const TINY_PNG = new Uint8Array(Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64',
));

export interface ExampleRequest {
  name: string;
  request: Omit<ApiRequest, 'method' | 'path'>;
}

/** The parameters of an operation, resolved. */
export function parametersOf(contract: Contract, op: Operation): JsonObject[] {
  return ((op.definition.parameters ?? []) as JsonObject[]).map((p) => deref(contract.spec, p) as JsonObject);
}

export function requiredQuery(contract: Contract, op: Operation): Record<string, string> {
  return Object.fromEntries(parametersOf(contract, op)
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => [String(p.name), String(p.example)]));
}

/** The JSON body schema of an operation, if it takes one. */
export function bodySchemaOf(op: Operation): JsonObject | undefined {
  const content = (op.definition.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  return (content?.['application/json'] as JsonObject | undefined)?.schema as JsonObject | undefined;
}

export function isMultipart(op: Operation): boolean {
  const content = (op.definition.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  return Boolean(content?.['multipart/form-data']);
}

export function exampleRequests(contract: Contract, op: Operation): ExampleRequest[] {
  const query = requiredQuery(contract, op);
  if (isMultipart(op)) {
    return [{ name: 'photo', request: { query, multipart: { field: 'photo', filename: 'photo.png', type: 'image/png', bytes: TINY_PNG } } }];
  }
  const content = (op.definition.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  const examples = ((content?.['application/json'] as JsonObject | undefined)?.examples ?? {}) as JsonObject;
  const named = Object.entries(examples).map(([name, example]) => ({
    name, request: { query, body: (deref(contract.spec, example) as JsonObject).value },
  }));
  return named.length > 0 ? named : [{ name: 'parameters', request: { query } }];
}
