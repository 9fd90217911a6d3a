// Every named response example of the spec, with the operation and status it documents.
import { deref, listOperations, type JsonObject, type SpecOperation } from '../../lib/spec/bundle.js';

export interface ResponseExample {
  op: SpecOperation;
  status: string;
  name: string;
  value: unknown;
  schema: JsonObject;
}

export function listResponseExamples(spec: JsonObject): ResponseExample[] {
  return listOperations(spec).flatMap((op) =>
    Object.entries(op.definition.responses as JsonObject).flatMap(([status, ref]) => {
      const response = deref(spec, ref) as JsonObject;
      const media = (response.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined;
      if (!media) return [];
      return Object.entries((media.examples ?? {}) as JsonObject).map(([name, example]) => ({
        op,
        status,
        name,
        value: (deref(spec, example) as JsonObject).value,
        schema: media.schema as JsonObject,
      }));
    }),
  );
}

/** The value of the example `name` of `status` on the operation `METHOD /path`. */
export function responseExample(spec: JsonObject, operation: string, status: number, name: string): unknown {
  const found = listResponseExamples(spec).find((e) => `${e.op.method} ${e.op.path}` === operation && e.status === String(status) && e.name === name);
  if (!found) throw new Error(`the spec has no example ${name} of ${operation} ${status}`);
  return found.value;
}
