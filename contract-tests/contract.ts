// The spec as the suite reads it (its ContractModel): for each operation, its documented responses
// with their media type, headers and the error codes each may carry; its validators. (The server's
// server/shared/contract.ts reads only how it answers a refused request.)
import { deref, documentedResponse, listOperations, loadBundle, pointerSegment, type Json, type JsonObject, type SpecOperation } from '../lib/spec/bundle.js';
import { contractView } from '../lib/spec/contract-view.js';
import { createSchemaValidator, type SchemaValidator } from '../lib/spec/validator.js';

export interface DocumentedResponse {
  status: string;
  mediaType: string | undefined;
  schemaPointer: string | undefined;
  /** Header name (lower case) -> pointer to its schema. */
  headers: Record<string, string>;
  /** Billing error codes this response documents (from its schema, else its examples). */
  errorCodes: string[];
  /** Names of its examples (what Prism's `Prefer: example=` takes). */
  exampleNames: string[];
}

export interface Operation extends SpecOperation {
  key: string; // 'POST /auth/login'
  tag: string;
  responses: Map<string, DocumentedResponse>;
}

export interface ContractModel {
  /** The spec as bundled: what the reference server enforces. */
  spec: JsonObject;
  validator: SchemaValidator;
  /** The spec without the reference server's own rules (lib/spec/contract-view.ts): what binds every implementation. */
  contractSpec: JsonObject;
  contractValidator: SchemaValidator;
  operations: Operation[];
  /** Every error_code the spec knows (ErrorCode's `x-extensible-enum`). */
  errorCodes: string[];
  /** The error codes the reference itself names (`x-stated-by-reference`): every implementation uses
   * them where they are documented; the others are the reference server's names. */
  statedErrorCodes: Set<string>;
  resolve(ref: string): JsonObject;
  /** The same in the contract's view. */
  resolveContract(ref: string): JsonObject;
}


function codesOf(spec: JsonObject, schema: Json | undefined, examples: JsonObject | undefined): string[] {
  const resolved = schema ? deref(spec, schema) : undefined;
  const parts = [resolved, ...(((resolved as JsonObject | undefined)?.allOf as JsonObject[] | undefined) ?? [])];
  for (const part of parts) {
    const property = ((part as JsonObject | undefined)?.properties as JsonObject | undefined)?.error_code as JsonObject | undefined;
    if (property?.const) return [String(property.const)];
    if (Array.isArray(property?.enum)) return property.enum.map(String);
  }
  return [...new Set(Object.values(examples ?? {})
    .map((e) => ((deref(spec, e as Json) as JsonObject).value as JsonObject | undefined)?.error_code)
    .filter((code): code is string => typeof code === 'string'))];
}

export function readContractModel(spec: JsonObject = loadBundle()): ContractModel {
  const operations = listOperations(spec).map((op): Operation => {
    const responses = new Map<string, DocumentedResponse>();
    for (const status of Object.keys(op.definition.responses as JsonObject)) {
      const { pointer, response } = documentedResponse(spec, op.path, op.method, status)!;
      const [mediaType, media] = Object.entries((response.content ?? {}) as JsonObject)[0] ?? [];
      const headers = Object.fromEntries(Object.entries((response.headers ?? {}) as JsonObject).map(([name, header]) => {
        const ref = (header as JsonObject).$ref;
        return [name.toLowerCase(), `${typeof ref === 'string' ? ref : `${pointer}/headers/${pointerSegment(name)}`}/schema`];
      }));
      responses.set(status, {
        status,
        mediaType,
        schemaPointer: mediaType ? `${pointer}/content/${pointerSegment(mediaType)}/schema` : undefined,
        headers,
        errorCodes: codesOf(spec, (media as JsonObject | undefined)?.schema, (media as JsonObject | undefined)?.examples as JsonObject | undefined),
        exampleNames: Object.keys(((media as JsonObject | undefined)?.examples ?? {}) as JsonObject),
      });
    }
    return { ...op, key: `${op.method} ${op.path}`, tag: String((op.definition.tags as string[])[0]), responses };
  });
  const contractSpec = contractView(spec);
  const errorCode = deref(spec, { $ref: '#/components/schemas/ErrorCode' }) as JsonObject;
  return {
    spec,
    validator: createSchemaValidator(spec),
    contractSpec,
    contractValidator: createSchemaValidator(contractSpec),
    operations,
    errorCodes: errorCode['x-extensible-enum'] as string[],
    statedErrorCodes: new Set(errorCode['x-stated-by-reference'] as string[]),
    resolve: (ref) => deref(spec, { $ref: ref }) as JsonObject,
    resolveContract: (ref) => deref(contractSpec, { $ref: ref }) as JsonObject,
  };
}
