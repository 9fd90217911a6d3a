// The requests the spec's own examples describe: each named request-body example of an operation,
// with the `example` of its parameters. The one reading of them behind the tests' valid requests,
// the suite's examples phase and the code samples; each sends them its own way (fetch, the suite's
// ApiRequest, HAR). Nothing here touches the file system (document.ts: a browser may load it).
import { deref, type Json, type JsonObject, type SpecOperation } from './document.js';

/** The smallest valid PNG (a 1x1 transparent pixel): the bytes sent where an example uploads an image. */
export const TINY_PNG: Uint8Array<ArrayBuffer> = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (char) => char.charCodeAt(0),
);

export interface ExampleRequest {
  /** The named request-body example sent; `parameters` for an operation that takes no body. */
  name: string;
  /** Query parameter name and example value, typed as in the spec (month 2, no_services '28900001'). */
  query: [string, Json][];
  /** A JSON body, or the file part of a multipart body (its name from the example, its bytes TINY_PNG's kind). */
  body?: { json: Json } | { file: { field: string; fileName: string; contentType: string } };
}

/**
 * Which parameters a request carries: `required`, those a valid request needs; `samples`, every
 * parameter with an example, less those marked `x-in-samples: false` (an alternative selector whose
 * example the others' already cover).
 */
export type ParameterChoice = 'required' | 'samples';

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif' };

/** The parameters of an operation, resolved. */
export function parametersOf(spec: JsonObject, operation: SpecOperation): JsonObject[] {
  return ((operation.definition.parameters ?? []) as JsonObject[]).map((p) => deref(spec, p));
}

/** The request body's media types and what each documents (schema, examples), if it takes a body. */
export function requestContentOf(operation: SpecOperation): JsonObject | undefined {
  return (operation.definition.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
}

/** Every request the operation's examples describe, in the spec's order; throws where the spec lacks an example one needs. */
export function exampleRequests(spec: JsonObject, operation: SpecOperation, parameters: ParameterChoice = 'required'): ExampleRequest[] {
  const where = `${operation.method} ${operation.path}`;
  const query: [string, Json][] = [];
  for (const parameter of parametersOf(spec, operation)) {
    if (parameter.in !== 'query') throw new Error(`${where}: examples support query parameters only (${String(parameter.name)})`);
    const value = parameter.example ?? Object.values((parameter.examples ?? {}) as JsonObject).map((e) => deref(spec, e as JsonObject).value)[0];
    if (value === undefined && parameter.required) throw new Error(`${where}: required parameter ${String(parameter.name)} has no example`);
    const wanted = parameters === 'required' ? parameter.required === true : parameter['x-in-samples'] !== false;
    if (value !== undefined && wanted) query.push([String(parameter.name), value]);
  }
  const content = requestContentOf(operation);
  if (!content) return [{ name: 'parameters', query }];
  const requests = Object.entries(content).flatMap(([mediaType, media]) =>
    Object.entries(((media as JsonObject).examples ?? {}) as JsonObject).map(([name, example]): ExampleRequest => {
      const value = deref(spec, example as JsonObject).value as Json;
      return { name, query, body: bodyOf(where, mediaType, value) };
    }));
  if (requests.length === 0) throw new Error(`${where}: the request body has no named example`);
  return requests;
}

function bodyOf(where: string, mediaType: string, value: Json): NonNullable<ExampleRequest['body']> {
  if (mediaType === 'application/json') return { json: value };
  if (mediaType === 'multipart/form-data') {
    const [field, fileName] = Object.entries(value as JsonObject)[0] as [string, string];
    const contentType = IMAGE_TYPES[fileName.split('.').pop()!.toLowerCase()];
    if (!contentType) throw new Error(`${where}: the example's file ${fileName} is not a JPEG, PNG or GIF name`);
    return { file: { field, fileName, contentType } };
  }
  throw new Error(`${where}: no example requests for ${mediaType}`);
}
