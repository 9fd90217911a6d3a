// Each operation of the spec as the MSW handlers answer it, read once: its credentials, what its
// request may carry (query parameters, body), and its documented outcomes, each a named example.
import { deref, listOperations, type Json, type JsonObject, type SpecOperation } from '../../lib/spec/document.js';
import { refusalFamily, type RefusalFamily } from '../../lib/spec/refusals.js';

/** One documented outcome: a status and one of its named examples. */
export interface Outcome {
  status: number;
  example: string;
  mediaType: string;
  body: Json;
  /** The response's documented headers, each with its example value. */
  headers: Record<string, string>;
}

export interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: JsonObject;
}

/** `key`: `METHOD /path` as the spec writes it, e.g. `GET /customer`; with how its refusals are answered. */
export interface MockOperation extends RefusalFamily {
  method: string;
  path: string;
  security: SpecOperation['security'];
  parameters: Parameter[];
  body: { media: string; schema: JsonObject; required: boolean; fileFields: string[] } | undefined;
  /** Status -> its outcomes by example name, in the spec's order. */
  outcomes: Map<number, Map<string, Outcome>>;
  /** The first example of the first success status: the answer unless a test or the request's Prefer picks another. */
  fallback: Outcome;
}

const asObject = (spec: JsonObject, node: Json | undefined) => (node === undefined ? undefined : (deref(spec, node) as JsonObject));

function headersOf(spec: JsonObject, response: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries((response.headers ?? {}) as JsonObject).map(([name, header]) => {
    const resolved = asObject(spec, header)!;
    const example = resolved.example ?? (resolved.schema as JsonObject | undefined)?.example;
    if (example === undefined) throw new Error(`header ${name} has no example to answer with`);
    return [name, String(example)];
  }));
}

function outcomesOf(spec: JsonObject, key: string, definition: JsonObject): Map<number, Map<string, Outcome>> {
  const outcomes = new Map<number, Map<string, Outcome>>();
  for (const [status, ref] of Object.entries(definition.responses as JsonObject)) {
    const response = asObject(spec, ref)!;
    const [mediaType, media] = Object.entries((response.content ?? {}) as JsonObject)[0] ?? [];
    const examples = ((media as JsonObject | undefined)?.examples ?? {}) as JsonObject;
    if (!mediaType || Object.keys(examples).length === 0) throw new Error(`${key} ${status}: no named example to answer with`);
    const headers = headersOf(spec, response);
    outcomes.set(Number(status), new Map(Object.entries(examples).map(([example, node]) => [
      example,
      { status: Number(status), example, mediaType, body: asObject(spec, node)!.value ?? null, headers },
    ])));
  }
  return outcomes;
}

function bodyOf(spec: JsonObject, definition: JsonObject): MockOperation['body'] {
  const requestBody = asObject(spec, definition.requestBody);
  const [media, content] = Object.entries((requestBody?.content ?? {}) as JsonObject)[0] ?? [];
  if (!media) return undefined;
  const schema = (content as JsonObject).schema as JsonObject;
  // The fields that carry a file (the spec types a file as a binary string).
  const fileFields = Object.entries((asObject(spec, schema)!.properties ?? {}) as JsonObject)
    .filter(([, property]) => asObject(spec, property)!.format === 'binary')
    .map(([name]) => name);
  return { media, schema, required: requestBody!.required === true, fileFields };
}

export function readOperations(spec: JsonObject): Map<string, MockOperation> {
  return new Map(listOperations(spec).map((op) => {
    const key = `${op.method} ${op.path}`;
    const pathItem = (spec.paths as JsonObject)[op.path] as JsonObject;
    const parameters = [...((pathItem.parameters ?? []) as Json[]), ...((op.definition.parameters ?? []) as Json[])].map((node) => {
      const p = asObject(spec, node)!;
      return { name: String(p.name), in: String(p.in), required: p.required === true, schema: p.schema as JsonObject };
    });
    const outcomes = outcomesOf(spec, key, op.definition);
    const success = [...outcomes.keys()].find((status) => status >= 200 && status < 300);
    if (success === undefined) throw new Error(`${key}: no success response`);
    return [key, {
      ...refusalFamily(spec, op), method: op.method, path: op.path, security: op.security, parameters, body: bodyOf(spec, op.definition),
      outcomes, fallback: outcomes.get(success)!.values().next().value!,
    }];
  }));
}

/** The outcome `status` (and `example`, by default its first) of `op`, or why there is none. */
export function findOutcome(op: MockOperation, status: number | undefined, example?: string): Outcome | string {
  const statuses = status === undefined ? [...op.outcomes.keys()] : [status];
  const documented = `documented: ${[...op.outcomes].map(([s, byName]) => `${s} (${[...byName.keys()].join(', ')})`).join('; ')}`;
  for (const candidate of statuses) {
    const byName = op.outcomes.get(candidate);
    if (!byName) continue;
    const found = example === undefined ? byName.values().next().value : byName.get(example);
    if (found) return found;
  }
  return `${op.key} has no outcome ${[status, example].filter((part) => part !== undefined).join(' ')}; ${documented}`;
}
