// helmet's security headers, worked out once. With options that do not depend on the request (no
// CSP nonce functions), helmet sets the same headers on every response, yet rebuilds them on each
// (13 middlewares, the CSP string joined anew): ~5% of a request. Here helmet runs once against a
// recorder, and each response gets the recorded headers.
import type { Request, RequestHandler, Response } from 'express';

export function fixedHeaders(helmetMiddleware: (req: never, res: never, next: (error?: unknown) => void) => void): RequestHandler {
  const headers = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, String(value)),
    removeHeader: (name: string) => removed.push(name),
  };
  let finished = false;
  helmetMiddleware({} as never, recorder as never, (error) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers depend on the request');
  return (_req: Request, res: Response, next) => {
    for (const name of removed) res.removeHeader(name);
    res.setHeaders(headers);
    next();
  };
}
