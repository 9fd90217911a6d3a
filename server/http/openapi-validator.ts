// express-openapi-validator on the bundled spec: every request is checked against the operation
// it was resolved to (http/operations.ts), and (unless switched off) every response. Bodies are
// read before, by http/body.ts, multipart included.
//
// The validator's own `middleware()` returns six middlewares that each wait on a promise (the
// loaded spec) on every request, and it finds a request's operation by testing the request's path
// against every path of the spec in turn: together a quarter of a request's cost here. So the same
// parts it assembles (its option defaults, spec loader, schema preprocessing, RequestValidator,
// ResponseValidator) are assembled here once the spec is loaded, and run in one
// synchronous sequence; the validator's metadata for an operation is found by the resolved
// operation's key. The parts are the library's exports, in the version pinned in package.json.
import type { RequestHandler } from 'express';
import { OpenApiContext } from 'express-openapi-validator/dist/framework/openapi.context.js';
import { OpenApiSpecLoader, type Spec } from 'express-openapi-validator/dist/framework/openapi.spec.loader.js';
import type { OpenApiRequest, OpenApiRequestMetadata, OpenAPIV3, ValidateResponseOpts } from 'express-openapi-validator/dist/framework/types.js';
import { RequestValidator, ResponseValidator } from 'express-openapi-validator/dist/middlewares/index.js';
import { SchemaPreprocessor } from 'express-openapi-validator/dist/middlewares/parsers/schema.preprocessor.js';
import { OpenApiValidator } from 'express-openapi-validator/dist/openapi.validator.js';
import type { JsonObject } from '../../lib/spec/bundle.js';
import { API_BASE, operationOf } from './operations.js';
import { inSequence, type Handler } from './sequence.js';

export interface ValidatorOptions {
  validateRequests: boolean;
  validateResponses: boolean;
}

export function openApiValidator(spec: JsonObject, options: ValidatorOptions): RequestHandler {
  // The validator mutates the document it gets, and matches paths under the servers' base paths:
  // give it a copy whose only server is this app's /api.
  const apiSpec = structuredClone(spec) as unknown as OpenAPIV3.DocumentV3_1;
  apiSpec.servers = [{ url: API_BASE }];
  const validator = new OpenApiValidator({
    apiSpec,
    validateApiSpec: false, // linted at build time; skipping saves start-up time
    validateRequests: options.validateRequests ? { allowUnknownQueryParameters: true, coerceTypes: false, allErrors: true } : false,
    validateResponses: options.validateResponses ? { removeAdditional: false, coerceTypes: false } : false,
    // Credentials are checked before the validator by our guards (http/security.ts), bodies read by http/body.ts.
    validateSecurity: false,
    fileUploader: false,
    validateFormats: true,
  });
  let sequence: Handler | undefined;
  const ready = new OpenApiSpecLoader({ apiDoc: apiSpec, validateApiSpec: false, $refParser: { mode: 'bundle' } })
    .load()
    .then((loaded) => (sequence = assemble(validator, loaded)));
  ready.catch(() => undefined); // a spec that cannot be loaded fails each request (500, logged), not the process
  return (req, res, next) => {
    if (sequence) return sequence(req, res, next);
    ready.then((handler) => handler(req, res, next), next);
  };
}

/** The validator's parts, in the order its own middleware() runs them. */
function assemble(validator: OpenApiValidator, loaded: Spec): Handler {
  const { options, ajvOpts } = validator;
  // `false` when responses are not validated: the library passes it on the same way.
  const responseOptions = options.validateResponses as ValidateResponseOpts;
  const { apiDocRes } = new SchemaPreprocessor(loaded.apiDoc, ajvOpts.preprocessor, responseOptions).preProcess();
  const context = new OpenApiContext(loaded, undefined as unknown as RegExp, false, false);
  const parts: Handler[] = [operationMetadata(context, apiDocRes)];
  if (options.validateRequests) {
    const requests = new RequestValidator(loaded.apiDoc, ajvOpts.request);
    // An operation that takes no input passes every request: none goes through the validator,
    // whose set-up per request was a tenth of GET /customer's cost.
    parts.push((req, res, next) => (operationOf(req).takesInput ? requests.validate(req, res, next) : next()));
  }
  if (options.validateResponses) {
    parts.push(new ResponseValidator(apiDocRes, ajvOpts.response, responseOptions, context.serial).validate());
  }
  return inSequence(parts);
}

interface Metadata {
  metadata: Omit<OpenApiRequestMetadata, 'pathParams'>;
  responseSchema: OpenAPIV3.OperationObject | undefined;
}

/** Sets `req.openapi` as the validator's own metadata middleware does, for the resolved operation. */
function operationMetadata(context: OpenApiContext, responseDoc: OpenAPIV3.DocumentV3 | OpenAPIV3.DocumentV3_1 | null): Handler {
  const operations = new Map<string, Metadata>();
  for (const route of context.routes) {
    const path = route.openApiRoute.substring(route.basePath.length);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    operations.set(`${route.method.toUpperCase()} ${path}`, {
      metadata: { expressRoute: route.expressRoute, openApiRoute: route.openApiRoute, schema: context.apiDoc.paths![path]![method]!, serial: context.serial },
      responseSchema: responseDoc?.paths?.[path]?.[method],
    });
  }
  return (req, _res, next) => {
    const operation = operations.get(operationOf(req).key)!;
    (req as OpenApiRequest).openapi = { ...operation.metadata, pathParams: {}, _responseSchema: operation.responseSchema } as OpenApiRequestMetadata;
    next();
  };
}
