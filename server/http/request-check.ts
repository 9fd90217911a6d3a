// The library's request validation (its validators, its rules, its errors), found per operation
// instead of per request.
//
// - Its own `validate` keys the middleware it builds by the raw Content-Type header, parameters
//   included: every new `application/json; x=1`, `; x=2`, ... made it compile the operation's
//   validators again and keep them for good (~30 KB and several ms each, from anyone who can send
//   a header). Here the body parser (http/body.ts) has already decided what the body is: it is the
//   operation's media type when a Content-Type was sent, or nothing. The library reads the header
//   only to pick the body schema (all of a media type's variants pick the same one) and to treat
//   multipart fields, so keying by that decision gives the same checks, at most two per operation.
// - Its middleware re-parses the URL and query and makes `req.query` writable on every request,
//   for rules (reserved characters, bracket keys, exploded objects and arrays, path parameters)
//   that cannot apply to an operation whose parameters are all plain scalars in the query, when
//   the query holds nothing but unreserved characters, %-escapes, = and &. Such a request is
//   accepted at once when the library's validators for it accept it. Anything else, refusals
//   included, goes through the library's middleware, which decides and builds the error.
import type { NextFunction, Request, Response } from 'express';
import type { OpenApiRequest, OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import type { RequestValidator } from 'express-openapi-validator/dist/middlewares/index.js';
import { dereferenceParameter } from 'express-openapi-validator/dist/middlewares/parsers/util.js';
import { ContentType } from 'express-openapi-validator/dist/middlewares/util.js';
import type { ValidateFunction } from 'ajv';
import { operationOf, type ApiOperation } from './operations.js';
import type { Handler } from './sequence.js';

type Operation = OpenAPIV3.OperationObject;

/** The parts of the library's RequestValidator that its `validate` uses (private in its types). */
interface Library {
  ajv: { getSchema(key: string): ValidateFunction | undefined };
  ajvBody: { getSchema(key: string): ValidateFunction | undefined };
  middlewareCache: Record<string, Handler>;
  buildMiddleware(path: string, schema: Operation, contentType: ContentType, key: string): Handler;
}

/** A query of unreserved characters, %-escapes, = and & (or none): nothing the library's parameter
 * rules act on for scalar parameters. */
const PLAIN_QUERY = /^[^?]*(?:\?[\w.~%=&-]*)?$/;
const SCALAR_TYPES = new Set(['string', 'integer', 'number', 'boolean']);

export function requestCheck(requests: RequestValidator, apiDoc: OpenAPIV3.DocumentV3_1): Handler {
  const library = requests as unknown as Library;
  // By operation key: the check for a request without a body, and for one with the operation's body.
  const checks = new Map<string, [Handler | undefined, Handler | undefined]>();
  return (req, res, next) => {
    const operation = operationOf(req);
    // An operation that takes no input passes every request: its set-up per request was a tenth of GET /customer's cost.
    if (!operation.takesInput) return next();
    const withBody = operation.bodyMedia !== undefined && req.headers['content-type'] !== undefined ? 1 : 0;
    let pair = checks.get(operation.key);
    if (!pair) checks.set(operation.key, (pair = [undefined, undefined]));
    const check = (pair[withBody] ??= buildCheck(library, apiDoc, req, withBody ? operation.bodyMedia : undefined, operation));
    return check(req, res, next);
  };
}

function buildCheck(library: Library, apiDoc: OpenAPIV3.DocumentV3_1, req: Request, media: string | undefined, operation: ApiOperation): Handler {
  const { expressRoute, schema } = (req as OpenApiRequest).openapi!;
  const contentType = ContentType.fromString(media as string);
  const key = `${req.method}-${expressRoute}-${contentType.normalize() ?? 'not_provided'}`;
  const middleware = (library.middlewareCache[key] ??= library.buildMiddleware(expressRoute, schema as Operation, contentType, key));
  if (media === 'multipart/form-data' || !onlyScalarQueryParameters(schema as Operation, apiDoc)) return middleware;
  const general = library.ajv.getSchema(key);
  const body = library.ajvBody.getSchema(key);
  if (!general || !body) throw new Error(`the validator's checks for ${operation.key} were not built`);
  return (req: Request, res: Response, next: NextFunction) => {
    if (PLAIN_QUERY.test(req.originalUrl)) {
      // The data the library's middleware validates, in its shape.
      const data = {
        query: req.query ?? {},
        headers: req.headers,
        params: req.params,
        cookies: req.cookies ? { ...req.cookies, ...req.signedCookies } : undefined,
        body: req.body,
      };
      if (general(data) && body(data)) return next();
    }
    return middleware(req, res, next);
  };
}

/** Whether every parameter of the operation (its path's included: the library's preprocessing
 * copied them in) is a query parameter with an inline scalar schema, in the default form style. */
function onlyScalarQueryParameters(operation: Operation, apiDoc: OpenAPIV3.DocumentV3_1): boolean {
  return (operation.parameters ?? []).every((declared) => {
    const parameter = dereferenceParameter(apiDoc, declared) as OpenAPIV3.ParameterObject | undefined;
    if (!parameter || parameter.in !== 'query' || parameter.content) return false;
    if ((parameter.style ?? 'form') !== 'form' || parameter.explode === false) return false;
    const schema = parameter.schema as Record<string, unknown> | undefined;
    return !!schema && !schema.$ref && SCALAR_TYPES.has(schema.type as string) && !schema.allOf && !schema.oneOf && !schema.anyOf;
  });
}
