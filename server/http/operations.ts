// The operation registry and the resolver. The registry is built once at start-up from the bundle:
// one entry per documented operation, carrying everything a later step needs to know about it (its
// credentials, its body's media type, its rate limits, how its refusals are answered, its handler).
// A missing piece (an operation without a handler, a handler or a limit for no operation, an
// operation documenting 429 without a limit) stops the start with a message naming it.
//
// Which operation a request is, is decided once, at the front: its method and its path exactly as
// sent (no case folding, no decoding, no trailing-slash or dot-segment tolerance) must be a
// documented operation under /api. Everything after this step (credential guards, rate limits,
// body parsing, the validator, the handler, error shaping) reads the one result, `operationOf`;
// none matches the path again. A request that resolves to nothing never reaches any of them.
import type { Request, RequestHandler } from 'express';
import { deref, listOperations, type JsonObject, type SpecOperation } from '../../lib/spec/bundle.js';
import { parametersOf } from '../../lib/spec/examples.js';
import { refusalFamily, type RefusalFamily } from '../../lib/spec/refusals.js';
import { AppError } from '../errors.js';
import type { Handler } from './sequence.js';

export const API_BASE = '/api';

export type BodyMedia = 'application/json' | 'multipart/form-data';

/** An operation's rate limits: those keyed by the client or the key (run before the body is read),
 * and those keyed by what the body names (after). */
export interface OperationLimits {
  front: Handler | undefined;
  body: Handler | undefined;
}

/** One documented operation. `key` (from RefusalFamily) is `METHOD /path` as the spec writes it,
 * e.g. `POST /auth/login`: for messages and logs; nothing looks an operation up by it. */
export interface ApiOperation extends RefusalFamily {
  method: string;
  path: string;
  operationId: string;
  security: SpecOperation['security'];
  /** The media type of the request body the operation takes, if it takes one. */
  bodyMedia: BodyMedia | undefined;
  /** It declares a parameter (of its own or its path's) or a body: without either, a request has
   * nothing the validator could refuse (unknown query parameters are allowed). */
  takesInput: boolean;
  /** Its query parameters declared as numbers, by name: the text of each must be written as one. */
  queryNumbers: Map<string, 'integer' | 'number'>;
  limits: OperationLimits;
  handler: Handler;
}

/** What the registry is built from, besides the spec: the pieces the components provide. */
export interface OperationPieces {
  /** The handler of each operation: every operation needs one, and every handler an operation. */
  handlers: { handlerOf(method: string, path: string): Handler | undefined; registered(): { method: string; path: string }[] };
  /** The rate limits of an operation (none: both undefined). */
  limitsOf(operation: SpecOperation): OperationLimits;
  /** The limited operations the limits were declared for, `METHOD /path`: each must be in the spec. */
  limitedOperations: string[];
}

/** The spec's operations by path, then by method. */
export type OperationRegistry = Map<string, Map<string, ApiOperation>>;

function bodyMediaOf(definition: JsonObject): BodyMedia | undefined {
  const content = (definition.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  if (!content) return undefined;
  if (content['multipart/form-data']) return 'multipart/form-data';
  if (content['application/json']) return 'application/json';
  throw new Error(`${String(definition.operationId)}: no body parser for ${Object.keys(content).join(', ')}`);
}

const declaresParameters = (node: JsonObject) => ((node.parameters as unknown[] | undefined)?.length ?? 0) > 0;

function queryNumbersOf(spec: JsonObject, op: SpecOperation): Map<string, 'integer' | 'number'> {
  const numbers = new Map<string, 'integer' | 'number'>();
  for (const parameter of parametersOf(spec, op)) {
    const type = parameter.in === 'query' ? deref(spec, (parameter.schema ?? {}) as JsonObject).type : undefined;
    if (type === 'integer' || type === 'number') numbers.set(String(parameter.name), type);
  }
  return numbers;
}

const documents429 = (op: SpecOperation) => '429' in (op.definition.responses as JsonObject);

export function operationRegistry(spec: JsonObject, pieces: OperationPieces): OperationRegistry {
  const registry: OperationRegistry = new Map();
  const problems: string[] = [];
  const operations = listOperations(spec);
  for (const op of operations) {
    const key = `${op.method} ${op.path}`;
    if (op.path.includes('{')) throw new Error(`${op.path}: paths with parameters need a route matcher, not an exact lookup`);
    const handler = pieces.handlers.handlerOf(op.method, op.path);
    if (!handler) problems.push(`${key} has no handler`);
    const limits = pieces.limitsOf(op);
    const limited = limits.front !== undefined || limits.body !== undefined;
    if (documents429(op) && !limited) problems.push(`${key} documents 429 but has no rate limit`);
    if (!documents429(op) && limited) problems.push(`${key} is rate limited but documents no 429`);
    const methods = registry.get(op.path) ?? new Map<string, ApiOperation>();
    registry.set(op.path, methods);
    methods.set(op.method, {
      ...refusalFamily(spec, op),
      method: op.method,
      path: op.path,
      operationId: op.operationId,
      security: op.security,
      bodyMedia: bodyMediaOf(op.definition),
      takesInput: Boolean(op.definition.requestBody || declaresParameters(op.definition) || declaresParameters((spec.paths as JsonObject)[op.path] as JsonObject)),
      queryNumbers: queryNumbersOf(spec, op),
      limits,
      handler: handler!,
    });
  }
  for (const { method, path } of pieces.handlers.registered()) {
    if (!registry.get(path)?.has(method)) problems.push(`a handler for ${method} ${path}, which the spec does not document`);
  }
  for (const key of pieces.limitedOperations) {
    const [method, path] = key.split(' ') as [string, string];
    if (!registry.get(path)?.has(method)) problems.push(`a rate limit for ${key}, which the spec does not document`);
  }
  if (problems.length > 0) throw new Error(`the operations do not match the spec: ${problems.join('; ')}`);
  return registry;
}

const resolved = new WeakMap<Request, ApiOperation>();

const notFound = () => new AppError(404, { message: 'Route tidak ditemukan.' });

/** Resolves every request that reaches it, or answers 404 (unknown path) / 405 (unknown method, with Allow). */
export function resolveOperation(registry: OperationRegistry): RequestHandler {
  const prefix = `${API_BASE}/`;
  return (req, _res, next) => {
    // req.path is the raw path of the request line: `/API/region`, `/api/region/`, `/api//region`,
    // `/api/regio%6E` and `/api/x/../region` are all different strings from `/api/region`.
    const path = req.path;
    const methods = path.startsWith(prefix) ? registry.get(path.slice(API_BASE.length)) : undefined;
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

/** The resolved operation's own step `pick` (its limits, its handler), or nothing to do. */
export const operationStep = (pick: (operation: ApiOperation) => Handler | undefined): Handler => (req, res, next) => {
  const step = pick(operationOf(req));
  return step ? step(req, res, next) : next();
};
