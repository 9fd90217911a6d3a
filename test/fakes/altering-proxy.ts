// A proxy in front of a real server that alters its requests or responses: how the tests build
// deliberately broken implementations of the API for the contract suite to catch.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ProxiedExchange {
  method: string;
  path: string; // without the query
  headers: IncomingHttpHeaders;
}

export interface Alteration {
  /** Change the request before it is forwarded (e.g. give it credentials it lacks). */
  request?(exchange: ProxiedExchange): IncomingHttpHeaders;
  /** Change the response: return what to send instead, or undefined to pass it through. */
  response?(exchange: ProxiedExchange, status: number, body: any): { status: number; body: unknown } | undefined;
}

export interface AlteringProxy {
  url: string;
  close(): Promise<void>;
}

export async function startAlteringProxy(target: string, alteration: Alteration): Promise<AlteringProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const exchange = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, headers: req.headers };
    const headers = alteration.request?.(exchange) ?? req.headers;
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (upstreamRes) => {
      const chunks: Buffer[] = [];
      upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
      upstreamRes.on('end', () => {
        const raw = Buffer.concat(chunks);
        let body: unknown;
        try {
          body = JSON.parse(raw.toString());
        } catch {
          body = undefined;
        }
        const altered = body === undefined ? undefined : alteration.response?.(exchange, upstreamRes.statusCode ?? 500, body);
        if (!altered) {
          res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
          res.end(raw);
          return;
        }
        const text = JSON.stringify(altered.body);
        const outHeaders = { ...upstreamRes.headers, 'content-length': String(Buffer.byteLength(text)) };
        res.writeHead(altered.status, outHeaders);
        res.end(text);
      });
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
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
