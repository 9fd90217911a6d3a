// The spec's own example requests (lib/spec/examples.ts) as the suite sends them: each named
// request-body example of an operation, with the `example` of each required parameter.
import type { JsonObject } from '../../lib/spec/bundle.js';
import { exampleRequests as specExampleRequests, requestContentOf, TINY_PNG } from '../../lib/spec/examples.js';
import type { ContractModel, Operation } from '../contract.js';
import type { ApiRequest } from '../http.js';

/** One example request, named after the spec's example. */
export interface NamedRequest {
  name: string;
  request: Omit<ApiRequest, 'method' | 'path'>;
}

/** The JSON body schema of an operation, if it takes one. */
export function bodySchemaOf(op: Operation): JsonObject | undefined {
  return (requestContentOf(op)?.['application/json'] as JsonObject | undefined)?.schema as JsonObject | undefined;
}

export const isMultipart = (op: Operation): boolean => Boolean(requestContentOf(op)?.['multipart/form-data']);

export function exampleRequests(contract: ContractModel, op: Operation): NamedRequest[] {
  return specExampleRequests(contract.spec, op).map(({ name, query, body }) => {
    const request: NamedRequest['request'] = { query: Object.fromEntries(query.map(([parameter, value]) => [parameter, String(value)])) };
    if (body && 'json' in body) request.body = body.json;
    else if (body) request.multipart = { field: body.file.field, filename: body.file.fileName, type: body.file.contentType, bytes: TINY_PNG };
    return { name, request };
  });
}
