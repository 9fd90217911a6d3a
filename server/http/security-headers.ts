// Security headers. API responses are JSON for apps and partners: they get the set the OWASP REST
// Security Cheat Sheet recommends for every API response. helmet's other defaults govern how a
// browser renders an HTML document (referrer, DNS prefetch, cross-origin opener, ...): no use on
// JSON, and every response header is work for the server and the client on each request (what
// helmet's 12 cost: docs/performance.md). The rendered docs (HTML) get helmet's
// full set, with a CSP that lets the page's own scripts run and nothing else.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
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

/** helmet's headers for the rendered docs but the CSP, worked out once: with options that do not
 * depend on the request, helmet sets the same headers on every response, yet rebuilds them each
 * time. The CSP depends on the page (below). */
export function docsSecurityHeaders(docsFile: string): RequestHandler {
  const headers = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, String(value)),
    removeHeader: (name: string) => removed.push(name),
  };
  let finished = false;
  helmet({ contentSecurityPolicy: false })({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers depend on the request');
  const policy = docsPolicy(docsFile);
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    res.setHeaders(headers);
    res.setHeader('Content-Security-Policy', policy());
    next();
  };
}

/** The docs page's CSP: helmet's defaults, with script only from the page's own inline scripts, by
 * their SHA-256 (no 'unsafe-inline': HTML that spec text brings into the page, an `<iframe srcdoc>`,
 * an event handler or a javascript: link, runs nothing), and Redoc's blob: worker. Worked out again
 * only when the file changes (npm run generate). */
function docsPolicy(docsFile: string): () => string {
  let cached: { stamp: string; policy: string } | undefined;
  return () => {
    const stat = statSync(docsFile, { throwIfNoEntry: false });
    const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : 'none';
    if (cached?.stamp === stamp) return cached.policy;
    const directives: Record<string, string[]> = {
      ...helmet.contentSecurityPolicy.getDefaultDirectives() as Record<string, string[]>,
      'script-src': ["'self'", ...(stat ? inlineScriptHashes(readFileSync(docsFile, 'utf8')) : [])],
      'worker-src': ["'self'", 'blob:'],
      'img-src': ["'self'", 'data:'],
    };
    cached = { stamp, policy: Object.entries(directives).map(([name, values]) => [name, ...values].join(' ')).join(';') };
    return cached.policy;
  };
}

/** `'sha256-...'` of each inline `<script>` of an HTML page (a script's text ends at its first
 * `</script>`: scripts that carry the string write it `<\/script>`). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (let at = html.indexOf('<script'); at !== -1; at = html.indexOf('<script', at)) {
    const open = html.indexOf('>', at);
    const close = html.indexOf('</script>', open);
    if (open === -1 || close === -1) break;
    if (!/\ssrc=/.test(html.slice(at, open))) {
      hashes.push(`'sha256-${createHash('sha256').update(html.slice(open + 1, close)).digest('base64')}'`);
    }
    at = close + '</script>'.length;
  }
  return hashes;
}
