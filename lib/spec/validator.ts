// Validates values against the schemas of the bundled spec (JSON Schema 2020-12, as OpenAPI 3.1
// uses it). Used by the tests, the contract suite and the MSW handlers (mock/msw/, in a browser too);
// the server uses express-openapi-validator.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { documentedResponse, pointerSegment, type JsonObject } from './document.js';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;


/** One problem of a value, as Ajv reports it: where in the value (a JSON pointer, '' for the value
 * itself), the keyword that failed, its message and its parameters (`missingProperty`, `limit`...). */
export interface SchemaProblem {
  path: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

export interface SchemaValidator {
  /** Problems of `value` against the schema at `pointer` (a `#/...` pointer into the spec); [] when valid. */
  validate(pointer: string, value: unknown): string[];
  /** Problems of `value` against a schema object taken from the spec (its `$ref`s point into the spec). */
  validateAgainst(schema: object, value: unknown): string[];
  /** The same problems, each with its keyword and parameters, for a caller that words them itself. */
  problemsAgainst(schema: object, value: unknown): SchemaProblem[];
  /** Pointer to the JSON schema of a documented response, following a `$ref`'d response. */
  responsePointer(path: string, method: string, status: string, mediaType?: string): string | undefined;
}

export function createSchemaValidator(spec: JsonObject): SchemaValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema(spec as object, 'spec');
  const compiled = new Map<string, ValidateFunction>();

  function problemsAgainst(schema: object, value: unknown): SchemaProblem[] {
    const key = JSON.stringify(schema);
    let validator = compiled.get(key);
    if (!validator) {
      validator = ajv.compile(JSON.parse(key.replace(/"\$ref":"#\//g, '"$ref":"spec#/')) as object);
      compiled.set(key, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).map((e) => ({ path: e.instancePath, keyword: e.keyword, message: e.message ?? '', params: e.params as Record<string, unknown> }));
  }

  return {
    validate(pointer, value) {
      let validator = compiled.get(pointer);
      if (!validator) {
        validator = ajv.compile({ $ref: `spec${pointer}` });
        compiled.set(pointer, validator);
      }
      if (validator(value)) return [];
      return (validator.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim());
    },
    validateAgainst: (schema, value) => problemsAgainst(schema, value).map((p) => `${p.path || '(value)'} ${p.message}`.trim()),
    problemsAgainst,
    responsePointer(path, method, status, mediaType = 'application/json') {
      const found = documentedResponse(spec, path, method, status);
      if (!(found?.response.content as JsonObject | undefined)?.[mediaType]) return undefined;
      return `${found!.pointer}/content/${pointerSegment(mediaType)}/schema`;
    },
  };
}
