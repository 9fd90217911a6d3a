// express-openapi-validator on the bundled spec: every request is checked against the operation
// it was resolved to (http/operations.ts), and (unless switched off) every response. Bodies are
// read before, by http/body.ts, multipart included.
//
// The validator's own `middleware()` returns six middlewares that each wait on a promise (the
// loaded spec) on every request, and it finds a request's operation by testing the request's path
// against every path of the spec in turn: together a quarter of a request's cost here. So the same
// parts it assembles (its option defaults, spec loader and schema preprocessing, both started by
// validator-startup.ts without work whose results are unused, RequestValidator,
// ResponseValidator) are assembled here once the spec is loaded, and run in one
// synchronous sequence; the validator's metadata for an operation is found by the resolved
// operation's key. The parts are the library's exports, in the version pinned in package.json.
//
// Responses: the library wraps res.json anew on every response and works out, per response, the
// request's content type, a copy of the response headers and the content type to validate. Here the
// check is set once on the app's response prototype (checkJsonResponses), and each operation's
// validators are looked up by its key.
import type { ValidateFunction } from 'ajv';
import type { Express, Request, RequestHandler, Response } from 'express';
import { OpenApiContext } from 'express-openapi-validator/dist/framework/openapi.context.js';
import type { Spec } from 'express-openapi-validator/dist/framework/openapi.spec.loader.js';
import type { OpenApiRequest, OpenApiRequestMetadata, OpenAPIV3, ValidateResponseOpts } from 'express-openapi-validator/dist/framework/types.js';
import { RequestValidator, ResponseValidator } from 'express-openapi-validator/dist/middlewares/index.js';
import { OpenApiValidator } from 'express-openapi-validator/dist/openapi.validator.js';
import type { JsonObject } from '../../lib/spec/bundle.js';
import { API_BASE, operationOf } from './operations.js';
import { requestCheck } from './request-check.js';
import { inSequence, type Handler } from './sequence.js';
import { loadSpec, preprocess } from './validator-startup.js';

export interface ValidatorOptions {
  validateRequests: boolean;
  validateResponses: boolean;
}

export interface SpecValidator {
  /** In the API's sequence, after the body is read: the request against its operation. */
  requests: RequestHandler;
  /** Throws the validator's 500 when `body`, about to be sent as JSON, breaks the contract of the
   * request's operation. As in the library: only a request that reached `requests` is checked, and
   * no 5xx response. Nothing is checked when responses are not validated. */
  checkResponse(req: Request, res: Response, body: unknown): void;
}

type ResponseCheck = SpecValidator['checkResponse'];

export function openApiValidator(spec: JsonObject, options: ValidatorOptions): SpecValidator {
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
  let parts: { sequence: Handler; checkResponse: ResponseCheck } | undefined;
  const ready = loadSpec(apiSpec).then((loaded) => (parts = assemble(validator, loaded)));
  ready.catch(() => undefined); // a spec that cannot be loaded fails each request (500, logged), not the process
  return {
    requests: (req, res, next) => {
      if (parts) return parts.sequence(req, res, next);
      ready.then(({ sequence }) => sequence(req, res, next), next);
    },
    // Before the spec is loaded, no request has reached `requests`: nothing to check.
    checkResponse: (req, res, body) => parts?.checkResponse(req, res, body),
  };
}

/** Every JSON response of `app` goes through the validator's response check before it is sent: set
 * once on the app's response prototype, where Express looks res.json up. */
export function checkJsonResponses(app: Express, validator: SpecValidator): void {
  const send = app.response.json;
  app.response.json = function checkedJson(this: Response, body: unknown) {
    validator.checkResponse(this.req, this, body);
    return send.call(this, body);
  };
}

/** The validator's parts, in the order its own middleware() runs them. */
function assemble(validator: OpenApiValidator, loaded: Spec): { sequence: Handler; checkResponse: ResponseCheck } {
  const { options, ajvOpts } = validator;
  // `false` when responses are not validated: the library passes it on the same way.
  const responseOptions = options.validateResponses as ValidateResponseOpts;
  const { apiDocRes } = preprocess(loaded.apiDoc, ajvOpts.preprocessor, responseOptions);
  const context = new OpenApiContext(loaded, undefined as unknown as RegExp, false, false);
  const operations = operationMetadata(context, apiDocRes);
  const parts: Handler[] = [setMetadata(operations)];
  if (options.validateRequests) parts.push(requestCheck(new RequestValidator(loaded.apiDoc, ajvOpts.request), loaded.apiDoc as OpenAPIV3.DocumentV3_1));
  const checkResponse = options.validateResponses
    ? responseCheck(new ResponseValidator(apiDocRes, ajvOpts.response, responseOptions, context.serial), operations)
    : () => undefined;
  return { sequence: inSequence(parts), checkResponse };
}

interface Metadata {
  metadata: Omit<OpenApiRequestMetadata, 'pathParams'>;
  responseSchema: OpenAPIV3.OperationObject | undefined;
}

/** The validator's metadata of each operation, by the operation's key. */
function operationMetadata(context: OpenApiContext, responseDoc: OpenAPIV3.DocumentV3 | OpenAPIV3.DocumentV3_1 | null): Map<string, Metadata> {
  const operations = new Map<string, Metadata>();
  for (const route of context.routes) {
    const path = route.openApiRoute.substring(route.basePath.length);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    operations.set(`${route.method.toUpperCase()} ${path}`, {
      metadata: { expressRoute: route.expressRoute, openApiRoute: route.openApiRoute, schema: context.apiDoc.paths![path]![method]!, serial: context.serial },
      responseSchema: responseDoc?.paths?.[path]?.[method],
    });
  }
  return operations;
}

/** Sets `req.openapi` as the validator's own metadata middleware does, for the resolved operation. */
function setMetadata(operations: Map<string, Metadata>): Handler {
  return (req, _res, next) => {
    const { metadata, responseSchema } = operations.get(operationOf(req).key)!;
    (req as OpenApiRequest).openapi = { ...metadata, pathParams: {}, _responseSchema: responseSchema } as OpenApiRequestMetadata;
    next();
  };
}

/** The library's response validation (its validators, its errors) for the request's operation,
 * with the validators of each operation built once and found by the operation's key. A body its
 * status's application/json validator accepts passes at once; anything else (a refused body, a
 * status or content the spec does not give) goes to the library's own check, for its verdict and
 * its error. (Its check works out the content type per response: a tenth of its cost.) */
function responseCheck(responses: ResponseValidator, operations: Map<string, Metadata>): ResponseCheck {
  const validatorsOf = new Map<string, ReturnType<ResponseValidator['_getOrBuildValidator']>>();
  return (req, res, body) => {
    const openapi = (req as OpenApiRequest).openapi;
    if (!openapi || res.statusCode >= 500) return;
    const { key } = operationOf(req);
    let validators = validatorsOf.get(key);
    if (!validators) {
      validators = responses._getOrBuildValidator(req as OpenApiRequest, operations.get(key)!.responseSchema?.responses ?? {});
      validatorsOf.set(key, validators);
    }
    const status = res.statusCode;
    const byType = (validators[status] ?? validators[`${String(status)[0]}XX`] ?? validators.default) as Record<string, ValidateFunction> | undefined;
    const validate = byType?.['application/json'];
    if (validate && body !== undefined && body !== null && validate({ response: body })) return;
    responses._validate({ validators, body: body as object, statusCode: status, path: req.originalUrl, accepts: ['application/json'] });
  };
}
