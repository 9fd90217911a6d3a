// The validator's start-up without the work the server does not use (server/http/validator-startup.ts)
// must give exactly what the library's own loader and preprocessor give for our spec: the same
// document, routes and response copy that every request and response is then checked against. A
// new version of the library that changes either one fails here first.
import { isDeepStrictEqual } from 'node:util';
import { OpenApiSpecLoader } from 'express-openapi-validator/dist/framework/openapi.spec.loader.js';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import { SchemaPreprocessor } from 'express-openapi-validator/dist/middlewares/parsers/schema.preprocessor.js';
import { OpenApiValidator } from 'express-openapi-validator/dist/openapi.validator.js';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../../lib/spec/bundle.js';
import { loadSpec, preprocess } from '../../../server/http/validator-startup.js';

function apiDoc(): OpenAPIV3.DocumentV3_1 {
  const doc = structuredClone(loadBundle()) as unknown as OpenAPIV3.DocumentV3_1;
  doc.servers = [{ url: '/api' }];
  return doc;
}

describe("the validator's start-up", () => {
  it("loads the spec and its routes as the library's loader does", async () => {
    const theirs = await new OpenApiSpecLoader({ apiDoc: apiDoc(), validateApiSpec: false, $refParser: { mode: 'bundle' } }).load();
    const ours = await loadSpec(apiDoc());
    expect(ours.routes).toHaveLength(35);
    expect({ ...ours, serial: 0 }).toEqual({ ...theirs, serial: 0 });
  });

  it("preprocesses the schemas as the library's preprocessor does", async () => {
    // The options as the server's validator works them out from its settings.
    const { ajvOpts } = new OpenApiValidator({
      apiSpec: apiDoc(), validateRequests: { allowUnknownQueryParameters: true, coerceTypes: false, allErrors: true },
      validateResponses: { removeAdditional: false, coerceTypes: false }, validateSecurity: false, validateFormats: true,
    });
    const responses = { removeAdditional: false, coerceTypes: false } as const;
    const [theirDoc, ourDoc] = [(await loadSpec(apiDoc())).apiDoc, (await loadSpec(apiDoc())).apiDoc];
    const theirs = new SchemaPreprocessor(theirDoc, ajvOpts.preprocessor, responses).preProcess();
    const ours = preprocess(ourDoc, ajvOpts.preprocessor, responses);
    expect(ours.apiDocRes).not.toBeNull();
    expect(isDeepStrictEqual(ours, theirs)).toBe(true);
    expect(isDeepStrictEqual(ourDoc, theirDoc)).toBe(true);
  });
});
