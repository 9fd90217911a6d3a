// express-openapi-validator on the bundled spec: every request under /api is checked against its
// operation, and (unless switched off) every response. It also routes multipart uploads to multer.
import { createRequire } from 'node:module';
import * as OpenApiValidator from 'express-openapi-validator';
import multer from 'multer';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import type { JsonObject } from '../../lib/spec/bundle.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

// express-openapi-validator 5.6 finds a request's operation by compiling every path of the spec
// with path-to-regexp, for every request: a third of a request's cost here. Compiling a path twice
// gives the same result, so the compiled form is kept. (Its module object is the one the validator
// reads the function from at each call.)
function memoizePathToRegexp(): void {
  const require = createRequire(import.meta.url);
  const module = require(require.resolve('path-to-regexp', { paths: [require.resolve('express-openapi-validator')] })) as {
    pathToRegexp: ((path: string, options?: object) => unknown) & { memoized?: true };
  };
  if (module.pathToRegexp.memoized) return;
  const original = module.pathToRegexp;
  const compiled = new Map<string, unknown>();
  const memoized = Object.assign((path: string, options?: { sensitive?: boolean; strict?: boolean; end?: boolean }) => {
    if (typeof path !== 'string' || (options && Object.keys(options).some((k) => k !== 'sensitive' && k !== 'strict' && k !== 'end'))) {
      return original(path, options);
    }
    const key = `${path} ${options?.sensitive} ${options?.strict} ${options?.end}`;
    let result = compiled.get(key);
    if (result === undefined) {
      result = original(path, options);
      compiled.set(key, result);
    }
    return result;
  }, { memoized: true as const });
  module.pathToRegexp = memoized;
}

export interface ValidatorOptions {
  validateRequests: boolean;
  validateResponses: boolean;
}

export function openApiValidator(spec: JsonObject, options: ValidatorOptions) {
  memoizePathToRegexp();
  // The validator mutates the document it gets, and matches paths under the servers' base paths:
  // give it a copy whose only server is this app's /api.
  const apiSpec = structuredClone(spec) as unknown as OpenAPIV3.DocumentV3_1;
  apiSpec.servers = [{ url: '/api' }];
  return OpenApiValidator.middleware({
    apiSpec,
    validateApiSpec: false, // linted at build time; skipping saves start-up time
    validateRequests: options.validateRequests ? { allowUnknownQueryParameters: true, coerceTypes: false, allErrors: true } : false,
    validateResponses: options.validateResponses ? { removeAdditional: false, coerceTypes: false } : false,
    // Credentials are checked before the validator by our guards (http/security.ts).
    validateSecurity: false,
    fileUploader: { storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } },
    validateFormats: true,
  });
}
