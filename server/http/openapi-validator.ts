// express-openapi-validator on the bundled spec, through its documented `middleware(options)`:
// every request that reaches it is checked against its operation, and (unless switched off) every
// JSON response to a request it accepted. It runs behind our own steps (http/operations.ts resolved
// the operation, http/body.ts read the body), so it only ever sees documented operations, bodies
// already parsed and a Content-Type reduced to the media type the body parser decided. What the
// library does that this server must work around, and what an upgrade must re-check:
// docs/design/TOOLCHAIN.md, item 18.
import { middleware } from 'express-openapi-validator';
import type { RequestHandler } from 'express';
import type { JsonObject } from '../../lib/spec/bundle.js';
import { API_BASE, operationOf } from './operations.js';
import { inSequence } from './sequence.js';

/** The library's options, as its public `middleware` declares them. */
type LibraryOptions = Parameters<typeof middleware>[0];

export interface ValidatorOptions {
  validateRequests: boolean;
  validateResponses: boolean;
}

/** The spec's checks, as one step of the API's sequence (after the body is read). A refused request
 * is the library's error (400 with findings, 415), shaped by http/error-handler.ts; a refused
 * response is the library's 500, raised when the handler sends it. */
export function openApiValidator(spec: JsonObject, options: ValidatorOptions): RequestHandler {
  if (!options.validateRequests && !options.validateResponses) return (_req, _res, next) => next();
  // The library mutates the document it gets, and matches paths under the servers' base paths:
  // give it a copy whose only server is this app's /api.
  const apiSpec = { ...structuredClone(spec), servers: [{ url: API_BASE }] } as unknown as LibraryOptions['apiSpec'];
  const handlers = middleware({
    apiSpec,
    validateApiSpec: false, // linted at build time
    validateRequests: options.validateRequests ? { allowUnknownQueryParameters: true, coerceTypes: false, allErrors: true } : false,
    validateResponses: options.validateResponses ? { removeAdditional: false, coerceTypes: false } : false,
    // Credentials are checked before by our guards (http/security.ts), bodies read by http/body.ts.
    validateSecurity: false,
    fileUploader: false,
    validateFormats: true,
  });
  const library = inSequence(handlers);
  if (options.validateResponses) return library;
  // Only requests to check: an operation without parameters or a body has nothing the library
  // could refuse (unknown query parameters are allowed), so its requests need not reach it.
  return (req, res, next) => (operationOf(req).takesInput ? library(req, res, next) : next());
}
