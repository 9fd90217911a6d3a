// Which operation a request is, decided once, at the front: its method and its path exactly as
// sent (no case folding, no decoding, no trailing-slash or dot-segment tolerance) must be a
// documented operation under /api. Everything after this step (credential guards, rate limits,
// body parsing, the validator, the handler, error shaping) reads the one result, `operationOf`;
// none matches the path again. A request that resolves to nothing never reaches any of them.
import type { Request, RequestHandler } from 'express';
import { listOperations, type JsonObject, type SpecOperation } from '../../lib/spec/bundle.js';
import { AppError } from '../errors.js';

export const API_BASE = '/api';

export type BodyMedia = 'application/json' | 'multipart/form-data';

export interface ApiOperation {
  /** `METHOD /path` as the spec writes it, e.g. `POST /auth/login`. */
  key: string;
  method: string;
  path: string;
  operationId: string;
  security: SpecOperation['security'];
  /** The media type of the request body the operation takes, if it takes one. */
  bodyMedia: BodyMedia | undefined;
  /** It declares a parameter (of its own or its path's) or a body: without either, a request has
   * nothing the validator could refuse (unknown query parameters are allowed). */
  takesInput: boolean;
}

const resolved = new WeakMap<Request, ApiOperation>();

const notFound = () => new AppError(404, { message: 'Route tidak ditemukan.' });

function bodyMediaOf(definition: JsonObject): BodyMedia | undefined {
  const content = (definition.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  if (!content) return undefined;
  if (content['multipart/form-data']) return 'multipart/form-data';
  if (content['application/json']) return 'application/json';
  throw new Error(`${String(definition.operationId)}: no body parser for ${Object.keys(content).join(', ')}`);
}

const declaresParameters = (node: JsonObject) => ((node.parameters as unknown[] | undefined)?.length ?? 0) > 0;

/** The spec's operations by path, then by method. */
export function operationTable(spec: JsonObject): Map<string, Map<string, ApiOperation>> {
  const table = new Map<string, Map<string, ApiOperation>>();
  for (const op of listOperations(spec)) {
    if (op.path.includes('{')) throw new Error(`${op.path}: paths with parameters need a route matcher, not an exact lookup`);
    const methods = table.get(op.path) ?? new Map<string, ApiOperation>();
    table.set(op.path, methods);
    methods.set(op.method, {
      key: `${op.method} ${op.path}`,
      method: op.method,
      path: op.path,
      operationId: op.operationId,
      security: op.security,
      bodyMedia: bodyMediaOf(op.definition),
      takesInput: Boolean(op.definition.requestBody || declaresParameters(op.definition) || declaresParameters((spec.paths as JsonObject)[op.path] as JsonObject)),
    });
  }
  return table;
}

/** Resolves every request that reaches it, or answers 404 (unknown path) / 405 (unknown method, with Allow). */
export function resolveOperation(spec: JsonObject): RequestHandler {
  const table = operationTable(spec);
  const prefix = `${API_BASE}/`;
  return (req, _res, next) => {
    // req.path is the raw path of the request line: `/API/region`, `/api/region/`, `/api//region`,
    // `/api/regio%6E` and `/api/x/../region` are all different strings from `/api/region`.
    const path = req.path;
    const methods = path.startsWith(prefix) ? table.get(path.slice(API_BASE.length)) : undefined;
    if (!methods) throw notFound();
    const operation = methods.get(req.method);
    if (!operation) throw new AppError(405, { message: 'Method tidak diizinkan untuk route ini.' }, { Allow: [...methods.keys()].join(', ') });
    resolved.set(req, operation);
    next();
  };
}

/** The operation the request was resolved to; undefined only before (or without) resolution. */
export const resolvedOperation = (req: Request): ApiOperation | undefined => resolved.get(req);

/** The resolved operation, for the steps behind the resolver: reaching one without it is a bug. */
export function operationOf(req: Request): ApiOperation {
  const operation = resolved.get(req);
  if (!operation) throw new Error(`${req.method} ${req.path} reached an operation step without being resolved`);
  return operation;
}
