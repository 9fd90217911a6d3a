// express-openapi-validator on the bundled spec: every request under /api is checked against its
// operation, and (unless switched off) every response. It also routes multipart uploads to multer.
//
// The validator's own `middleware()` returns six middlewares that each wait on a promise (the
// loaded spec) on every request, and it finds a request's operation by testing the request's path
// against every path of the spec in turn: together a quarter of a request's cost here. So the same
// parts it assembles (its option defaults, spec loader, schema preprocessing, multipart handler,
// RequestValidator, ResponseValidator) are assembled here once the spec is loaded, and run in one
// synchronous sequence; an operation is found with one Map lookup, which holds because no path of
// the API has a parameter (checked at start). The parts are the library's exports, in the version
// pinned in package.json.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { error as validatorErrors } from 'express-openapi-validator';
import { OpenApiContext } from 'express-openapi-validator/dist/framework/openapi.context.js';
import { OpenApiSpecLoader, type Spec } from 'express-openapi-validator/dist/framework/openapi.spec.loader.js';
import type { OpenApiRequest, OpenApiRequestMetadata, OpenAPIV3, ValidateResponseOpts } from 'express-openapi-validator/dist/framework/types.js';
import { multipart, RequestValidator, ResponseValidator } from 'express-openapi-validator/dist/middlewares/index.js';
import { SchemaPreprocessor } from 'express-openapi-validator/dist/middlewares/parsers/schema.preprocessor.js';
import { OpenApiValidator } from 'express-openapi-validator/dist/openapi.validator.js';
import multer from 'multer';
import type { JsonObject } from '../../lib/spec/bundle.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const BASE_PATH = '/api';

export interface ValidatorOptions {
  validateRequests: boolean;
  validateResponses: boolean;
}

type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

export function openApiValidator(spec: JsonObject, options: ValidatorOptions): RequestHandler {
  const withParameters = Object.keys(spec.paths as object).filter((path) => path.includes('{'));
  if (withParameters.length > 0) throw new Error(`${withParameters.join(', ')}: paths with parameters need the validator's own route lookup`);
  // The validator mutates the document it gets, and matches paths under the servers' base paths:
  // give it a copy whose only server is this app's /api.
  const apiSpec = structuredClone(spec) as unknown as OpenAPIV3.DocumentV3_1;
  apiSpec.servers = [{ url: BASE_PATH }];
  const validator = new OpenApiValidator({
    apiSpec,
    validateApiSpec: false, // linted at build time; skipping saves start-up time
    validateRequests: options.validateRequests ? { allowUnknownQueryParameters: true, coerceTypes: false, allErrors: true } : false,
    validateResponses: options.validateResponses ? { removeAdditional: false, coerceTypes: false } : false,
    // Credentials are checked before the validator by our guards (http/security.ts).
    validateSecurity: false,
    fileUploader: { storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } },
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
  const parts: Handler[] = [
    operationLookup(context, apiDocRes),
    multipart(loaded.apiDoc, { multerOpts: options.fileUploader || {}, ajvOpts: ajvOpts.multipart }),
  ];
  if (options.validateRequests) {
    const requests = new RequestValidator(loaded.apiDoc, ajvOpts.request);
    parts.push((req, res, next) => requests.validate(req, res, next));
  }
  if (options.validateResponses) {
    parts.push(new ResponseValidator(apiDocRes, ajvOpts.response, responseOptions, context.serial).validate());
  }
  return inSequence(parts);
}

interface Operation {
  metadata: Omit<OpenApiRequestMetadata, 'pathParams'>;
  responseSchema: OpenAPIV3.OperationObject | undefined;
}

/** Sets `req.openapi` as the validator's own metadata middleware does: the request's operation,
 * found by its exact path (as the handlers are: /api/Region and /api/region/ are unknown routes). */
function operationLookup(context: OpenApiContext, responseDoc: OpenAPIV3.DocumentV3 | OpenAPIV3.DocumentV3_1 | null): Handler {
  const paths = new Map<string, Map<string, Operation>>();
  for (const route of context.routes) {
    const pathKey = route.openApiRoute.substring(route.basePath.length);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    const operations = paths.get(route.expressRoute) ?? new Map<string, Operation>();
    paths.set(route.expressRoute, operations);
    operations.set(route.method.toUpperCase(), {
      metadata: { expressRoute: route.expressRoute, openApiRoute: route.openApiRoute, schema: context.apiDoc.paths![pathKey]![method]!, serial: context.serial },
      responseSchema: responseDoc?.paths?.[pathKey]?.[method],
    });
  }
  return (req, _res, next) => {
    const operations = paths.get(req.path);
    if (!operations) {
      if (req.path.startsWith(BASE_PATH)) throw new validatorErrors.NotFound({ path: req.path, message: 'not found' });
      return next();
    }
    const operation = operations.get(req.method);
    if (!operation) {
      throw new validatorErrors.MethodNotAllowed({
        path: req.path, message: `${req.method} method not allowed`, headers: { Allow: [...operations.keys()].join(', ') },
      });
    }
    (req as OpenApiRequest).openapi = { ...operation.metadata, pathParams: {}, _responseSchema: operation.responseSchema } as OpenApiRequestMetadata;
    next();
  };
}

/** Runs handlers one after the other as Express would (an error, thrown or passed, skips the rest). */
function inSequence(handlers: Handler[]): Handler {
  return (req, res, next) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error) return next(error);
      const handler = handlers[index++];
      if (!handler) return next();
      try {
        const result = handler(req, res, step);
        if (result instanceof Promise) result.catch(next);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
