// Security headers. API responses are JSON for apps and partners: they get the set the OWASP REST
// Security Cheat Sheet recommends for every API response. helmet's other defaults govern how a
// browser renders an HTML document (referrer, DNS prefetch, cross-origin opener, ...): no use on
// JSON, and every response header is work for the server and the client on each request (the 12
// of helmet cost ~8% of GET /customer's throughput here). The rendered docs (HTML) get helmet's
// full set, with a CSP that lets Redoc run.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export const API_SECURITY_HEADERS = new Map([
  ['Cache-Control', 'no-store'],
  ['Content-Security-Policy', "frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
]);

export const apiSecurityHeaders = (): RequestHandler => (_req, res, next) => {
  res.setHeaders(API_SECURITY_HEADERS);
  next();
};

/** helmet's headers for the rendered docs, worked out once: with options that do not depend on the
 * request, helmet sets the same headers on every response, yet rebuilds them each time. */
export function docsSecurityHeaders(): RequestHandler {
  const headers = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, String(value)),
    removeHeader: (name: string) => removed.push(name),
  };
  let finished = false;
  const docsHelmet = helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'", 'blob:'], // Redoc runs inline scripts and a blob: worker
        'worker-src': ["'self'", 'blob:'],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  docsHelmet({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers depend on the request');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    res.setHeaders(headers);
    next();
  };
}
