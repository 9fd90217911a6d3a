// express-openapi-validator on the bundled spec: every request under /api is checked against its
// operation, and (unless switched off) every response. It also routes multipart uploads to multer.
import * as OpenApiValidator from 'express-openapi-validator';
import multer from 'multer';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import type { JsonObject } from '../../lib/spec/bundle.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export interface ValidatorOptions {
  validateRequests: boolean;
  validateResponses: boolean;
}

export function openApiValidator(spec: JsonObject, options: ValidatorOptions) {
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
