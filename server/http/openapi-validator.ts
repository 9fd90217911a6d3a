// express-openapi-validator on the bundled spec: every request under /api is checked against its
// operation (and, unless switched off, every response), and the bearer scheme is authenticated.
import type { Request } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import multer from 'multer';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import type { JsonObject } from '../../lib/spec/bundle.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export interface ValidatorOptions {
  validateResponses: boolean;
  /** Resolves to true when the request carries a valid bearer token (and stores who it is). */
  authenticateBearer: (req: Request) => Promise<boolean>;
  /** Resolves to true when an earlier middleware accepted the request's API key. */
  apiKeyAccepted: (req: Request) => boolean;
}

export function openApiValidator(spec: JsonObject, options: ValidatorOptions) {
  // The validator mutates the document it gets, and matches paths under the servers' base paths:
  // give it a copy whose only server is this app's /api.
  const apiSpec = structuredClone(spec) as unknown as OpenAPIV3.DocumentV3_1;
  apiSpec.servers = [{ url: '/api' }];
  return OpenApiValidator.middleware({
    apiSpec,
    validateApiSpec: false, // linted at build time; skipping saves start-up time
    validateRequests: { allowUnknownQueryParameters: true, coerceTypes: false, allErrors: true },
    validateResponses: options.validateResponses ? { removeAdditional: false, coerceTypes: false } : false,
    validateSecurity: {
      handlers: {
        bearerAuth: (req) => options.authenticateBearer(req as unknown as Request),
        apiKey: async (req) => options.apiKeyAccepted(req as unknown as Request),
      },
    },
    fileUploader: { storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } },
    validateFormats: true,
  });
}
