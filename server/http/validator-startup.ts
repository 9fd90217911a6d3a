// The validator's start-up, less two pieces of work whose results this server never uses (together
// about a third of a start's CPU here):
// - its spec loader builds a validator of the OpenAPI 3.1 meta-schema (ajv compiling it: ~240 ms)
//   even when told not to validate the spec. Our bundle is linted and checked at build time.
// - its schema preprocessor resolves each $ref with ajv's getSchema, which compiles the whole schema
//   the ref names (~270 ms in all) only to hand back the object it was given. A JSON pointer into
//   the same document finds the same object, as the library's own fallback does.
// Everything else is the library's own code, in the version pinned in package.json.
import { OpenApiSpecLoader, type Spec } from 'express-openapi-validator/dist/framework/openapi.spec.loader.js';
import type { OpenAPIFrameworkInit, OpenAPIFrameworkVisitor, OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import { SchemaPreprocessor } from 'express-openapi-validator/dist/middlewares/parsers/schema.preprocessor.js';
import { pointerTarget, type JsonObject } from '../../lib/spec/bundle.js';

type Document = OpenAPIV3.DocumentV3_1;

/** The parts of the library's OpenAPIFramework that its initialize() uses (private in its types). */
interface Framework {
  args: { apiDoc: Document; $refParser: { mode: 'bundle' } };
  loadSpec(apiDoc: Document, refParser: { mode: 'bundle' }): Promise<Document>;
  getBasePathsFromServers(servers: Document['servers']): { all(): string[] }[];
  sortApiDocTags(apiDoc: Document): void;
  initialize(visitor: OpenAPIFrameworkVisitor): Promise<OpenAPIFrameworkInit>;
}

/** The spec and its routes, as the library's OpenApiSpecLoader loads them. */
export function loadSpec(apiDoc: Document): Promise<Spec> {
  const loader = new OpenApiSpecLoader({ apiDoc, validateApiSpec: false, $refParser: { mode: 'bundle' } });
  const framework = (loader as unknown as { framework: Framework }).framework;
  // The library's initialize(), without the meta-schema validator it builds before asking whether to use it.
  framework.initialize = async (visitor) => {
    const doc = await framework.loadSpec(framework.args.apiDoc, framework.args.$refParser);
    const basePaths = [...new Set(framework.getBasePathsFromServers(doc.servers).flatMap((basePath) => basePath.all()))];
    framework.sortApiDocTags(doc);
    visitor.visitApi?.({ basePaths, getApiDoc: () => doc });
    return { apiDoc: doc, basePaths };
  };
  return loader.load();
}

/** The library's schema preprocessing of `apiDoc` (in place), and its copy for responses. */
export function preprocess(apiDoc: Spec['apiDoc'], ...options: Tail<ConstructorParameters<typeof SchemaPreprocessor>>): ReturnType<SchemaPreprocessor['preProcess']> {
  const preprocessor = new SchemaPreprocessor(apiDoc, ...options);
  (preprocessor as unknown as { resolveSchema(schema: unknown): unknown }).resolveSchema = (schema) => {
    if (!schema) return null;
    const ref = (schema as { $ref?: unknown }).$ref;
    if (typeof ref !== 'string') return schema;
    return ref.startsWith('#/') ? pointerTarget(apiDoc as unknown as JsonObject, ref) : undefined; // our bundle has only local refs
  };
  return preprocessor.preProcess();
}

type Tail<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;
