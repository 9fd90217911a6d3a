// Express handlers typed from the spec (generated/server-api.d.ts): a handler receives the body and
// query its operation declares and must return one of the operation's documented
// (status, body) pairs. A body the spec forbids fails to compile.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { paths } from '../../generated/server-api.js';

type Method = 'get' | 'post' | 'put' | 'delete';
type MethodsOf<P extends keyof paths> = { [M in Method]: paths[P][M] extends object ? M : never }[Method];
export type Operation<P extends keyof paths, M extends MethodsOf<P>> = NonNullable<paths[P][M]>;

type JsonContent<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Responses<O> = O extends { responses: infer R } ? R : never;

/** One documented outcome of the operation: a status and the body the spec gives it. */
export type Reply<O> = {
  [S in keyof Responses<O>]: { status: S; body: JsonContent<Responses<O>[S]>; headers?: Record<string, string> };
}[keyof Responses<O>];

export type RequestBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : undefined;
export type Query<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export interface HandlerContext<O> {
  body: RequestBody<O>;
  query: Query<O>;
  req: Request;
  res: Response;
  /** True once the client has hung up: costly work for it (a password hash) can be skipped. */
  abandoned: () => boolean;
}

export type Handler<O> = (ctx: HandlerContext<O>) => Promise<Reply<O>>;

/** The handlers the components register, by method and path as the spec writes them: read once,
 * by the operation registry (http/operations.ts), which gives each operation its handler. */
export class Routes {
  private readonly handlers = new Map<string, Map<string, RequestHandler>>();

  add(method: string, path: string, handler: RequestHandler): void {
    const methods = this.handlers.get(path) ?? new Map<string, RequestHandler>();
    this.handlers.set(path, methods);
    if (methods.has(method.toUpperCase())) throw new Error(`two handlers for ${method.toUpperCase()} ${path}`);
    methods.set(method.toUpperCase(), handler);
  }

  /** Takes over the handlers of other tables. */
  include(...others: Routes[]): this {
    for (const other of others) for (const { method, path } of other.registered()) this.add(method, path, other.handlerOf(method, path)!);
    return this;
  }

  handlerOf(method: string, path: string): RequestHandler | undefined {
    return this.handlers.get(path)?.get(method);
  }

  registered(): { method: string; path: string }[] {
    return [...this.handlers].flatMap(([path, methods]) => [...methods.keys()].map((method) => ({ method, path })));
  }
}

/** Registers the handler of one operation of the spec. */
export function route<P extends keyof paths, M extends MethodsOf<P>>(
  routes: Routes,
  method: M,
  path: P,
  handler: NoInfer<Handler<Operation<P, M>>>,
): void {
  routes.add(method, path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const reply = await handler({
        body: req.body as RequestBody<Operation<P, M>>,
        query: req.query as Query<Operation<P, M>>,
        req,
        res,
        abandoned: () => req.socket.destroyed, // req.destroyed is true once its body is read
      });
      if (reply.headers) res.set(reply.headers);
      res.status(Number(reply.status)).json(reply.body);
    } catch (error) {
      next(error);
    }
  });
}
