// Middlewares run one after the other as one: what Express would do with them as separate layers,
// without the router's work between each (matching a path, wrapping the call) on every request.
import type { NextFunction, Request, Response } from 'express';

export type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

/** Runs handlers in order; an error, thrown, passed or rejected, skips the rest and goes to `next`. */
export function inSequence(handlers: Handler[]): Handler {
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
