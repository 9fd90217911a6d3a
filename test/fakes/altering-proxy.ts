// A proxy in front of a real server that alters its requests or responses: how the tests build
// deliberately broken implementations of the API for the contract suite to catch.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ProxiedExchange {
  method: string;
  path: string; // without the query
  query: string; // with its '?', or ''
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Alteration {
  /** Change the request before it is forwarded: another path (with its query), other headers, another
   * body; or answer it without forwarding it (`answer`). */
  request?(exchange: ProxiedExchange): { url?: string; headers?: IncomingHttpHeaders; body?: Buffer; answer?: Answer } | undefined;
  /** Change the response: return what to send instead (`headers`, when given, replace the upstream's), or undefined to pass it through. */
  response?(exchange: ProxiedExchange, status: number, body: any, headers: IncomingHttpHeaders): Answer | undefined;
}

/** Answers what `change` makes of the answer to `method path` (with `actual` its status; any status
 * when omitted), instead of that answer. */
export const answerInstead = (method: string, path: string, actual: number | undefined, change: (body: any) => Answer): () => Alteration => () => ({
  response: (exchange, status, body) => (exchange.method === method && exchange.path === path && (actual === undefined || status === actual) ? change(body) : undefined),
});

export interface AlteringProxy {
  url: string;
  close(): Promise<void>;
}

export async function startAlteringProxy(target: string, alteration: Alteration = {}): Promise<AlteringProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const [path, query] = (req.url ?? '/').split(/(?=\?)/) as [string, string | undefined];
      const exchange: ProxiedExchange = { method: req.method ?? 'GET', path, query: query ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      const override = alteration.request?.(exchange) ?? {};
      if (override.answer) {
        const text = JSON.stringify(override.answer.body);
        res.writeHead(override.answer.status, { 'content-type': 'application/json', ...override.answer.headers, 'content-length': String(Buffer.byteLength(text)) });
        res.end(text);
        return;
      }
      const body = override.body ?? exchange.body;
      const headers = override.body ? { ...(override.headers ?? req.headers), 'content-length': String(body.length) } : override.headers ?? req.headers;
      const forwardPath = override.url ?? req.url ?? '/';
      // A path an alteration decoded into characters a request line cannot carry (a NUL): no upstream sees it.
      if (/[^\x21-\xff]/.test(forwardPath)) {
        res.writeHead(502).end();
        return;
      }
      const forward = httpRequest({
        host: upstream.hostname, port: upstream.port, method: req.method, path: forwardPath, headers,
      }, (upstreamRes) => {
        const answer: Buffer[] = [];
        upstreamRes.on('data', (chunk: Buffer) => answer.push(chunk));
        upstreamRes.on('end', () => {
          const raw = Buffer.concat(answer);
          let body: unknown;
          try {
            body = JSON.parse(raw.toString());
          } catch {
            body = undefined;
          }
          const altered = body === undefined ? undefined : alteration.response?.(exchange, upstreamRes.statusCode ?? 500, body, upstreamRes.headers);
          if (!altered) {
            res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
            res.end(raw);
            return;
          }
          const text = JSON.stringify(altered.body);
          res.writeHead(altered.status, { ...(altered.headers ?? upstreamRes.headers), 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        });
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
