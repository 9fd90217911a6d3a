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
