// How a request's query is read: parsed once, by the app's query parser, on the first read of
// req.query, and the same object every read after. Express 5 parses the query again on every read
// and hands out a new object each time: the steps before the validator (the NUL check, the rate
// limits) and the validator itself must read one object, which the validator then keeps on the
// request with its defaults and its coercion of "2" to 2 for the handler.
import express, { type Express, type Request } from 'express';

const parsed = Symbol('query');

export function parseQueryOnce(app: Express): void {
  const parse = Object.getOwnPropertyDescriptor(express.request, 'query')?.get;
  if (!parse) throw new Error("Express's request has no query getter to parse with");
  Object.defineProperty(app.request, 'query', {
    configurable: true,
    enumerable: true,
    get(this: Request & { [parsed]?: unknown }) {
      return (this[parsed] ??= parse.call(this));
    },
    set(this: Request & { [parsed]?: unknown }, value: unknown) {
      this[parsed] = value;
    },
  });
}
