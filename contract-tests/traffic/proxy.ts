// The checking proxy: a reverse proxy on node:http that forwards every request to the upstream and
// every answer back as they come (bytes, headers, chunked and multipart bodies alike; only Host is
// the upstream's, and the hop-by-hop Connection headers are each side's own), keeps a copy of each
// body up to a bound, and hands the exchange to the checks once the answer has gone back. It never
// answers in the upstream's place, except with a 502 when the upstream could not be reached.
import { createServer, request as httpRequest, Agent as HttpAgent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { headerRecord, type ObservedExchange } from './observed.js';

export interface ProxyOptions {
  upstream: URL;
  port: number;
  host: string;
  /** Bytes of each body kept for the checks; a longer body is forwarded whole and checked as unread. */
  maxBodyBytes: number;
  /** Called after the answer went back (or the exchange ended without one). */
  onExchange(observed: ObservedExchange): void;
}

export interface CheckingProxy {
  url: string;
  /** Stops accepting connections and waits for the exchanges in flight. */
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection']);

/** Raw headers without the hop-by-hop ones, Host replaced by `host` when given. */
function forwardedHeaders(raw: string[], host?: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name)) continue;
    out.push(raw[i]!, name === 'host' && host !== undefined ? host : raw[i + 1]!);
  }
  // An HTTP/1.0 client may send none; node:http adds none to headers given as a list.
  if (host !== undefined && !out.some((name, i) => i % 2 === 0 && name.toLowerCase() === 'host')) out.push('Host', host);
  return out;
}

/** The path and query of a request target: a client that takes the proxy for a forward proxy
 * (HTTP_PROXY) sends the whole URL (forwarded as sent; checked by its path). */
const originForm = (target: string): string => {
  if (target.startsWith('/') || !URL.canParse(target)) return target;
  const url = new URL(target);
  return `${url.pathname}${url.search}`;
};

/** A copy of a stream's chunks up to `max` bytes; `body()` is undefined past it. */
function tee(max: number): { add(chunk: Buffer): void; body(): Buffer | undefined } {
  let chunks: Buffer[] | undefined = [];
  let size = 0;
  return {
    add(chunk) {
      if (!chunks) return;
      size += chunk.length;
      if (size > max) chunks = undefined;
      else chunks.push(chunk);
    },
    body: () => (chunks ? Buffer.concat(chunks, size) : undefined),
  };
}

export function startCheckingProxy(options: ProxyOptions): Promise<CheckingProxy> {
  const { upstream } = options;
  const secure = upstream.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const requestCopy = tee(options.maxBodyBytes);
    const responseCopy = tee(options.maxBodyBytes);
    const observed: ObservedExchange = { method: req.method ?? 'GET', target: originForm(req.url ?? '/'), requestHeaders: headerRecord(req.rawHeaders), responseHeaders: {}, ms: 0 };
    let done = false;
    const finish = (error?: string) => {
      if (done) return;
      done = true;
      observed.ms = performance.now() - started;
      observed.requestBody = requestCopy.body();
      if (error !== undefined) observed.error = error;
      else observed.responseBody = responseCopy.body();
      // After the answer went out: the checks never delay it.
      setImmediate(() => options.onExchange(observed));
    };

    const forward = send({
      protocol: upstream.protocol, hostname: upstream.hostname.replace(/^\[|\]$/g, ''), port: upstream.port, agent,
      method: req.method, path: req.url, headers: forwardedHeaders(req.rawHeaders, upstream.host) as unknown as Record<string, string>,
    }, (answer) => {
      observed.status = answer.statusCode;
      observed.responseHeaders = headerRecord(answer.rawHeaders);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardedHeaders(answer.rawHeaders));
      answer.on('data', (chunk: Buffer) => {
        responseCopy.add(chunk);
        // Backpressure from the client reaches the upstream, as piping would.
        if (!res.write(chunk)) answer.pause();
      });
      res.on('drain', () => answer.resume());
      answer.on('end', () => res.end(() => finish()));
      answer.on('error', () => undefined); // 'aborted' below says it
      answer.on('aborted', () => {
        res.destroy(); // the client sees the reset the upstream caused
        finish('the upstream reset the connection during its answer');
      });
    });
    forward.on('error', (error: NodeJS.ErrnoException) => {
      const why = `the upstream ${upstream.origin} ${error.code === 'ECONNREFUSED' ? 'refused the connection' : `failed: ${error.code ?? error.message}`}`;
      if (res.headersSent) {
        res.destroy();
      } else {
        const body = JSON.stringify({ message: `jwi-contract proxy: ${why}` });
        res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      }
      finish(why);
    });
    req.on('data', (chunk: Buffer) => {
      requestCopy.add(chunk);
      if (!forward.write(chunk)) req.pause();
    });
    forward.on('drain', () => req.resume());
    req.on('end', () => forward.end());
    // A client that goes away in the middle of its body: the 'close' below says it.
    req.on('error', () => forward.destroy());
    // The client went away before its answer was complete: so does the upstream request.
    res.on('close', () => {
      if (!res.writableFinished) {
        forward.destroy();
        finish('the client closed the connection before the answer was complete');
      }
    });
  };

  const server: Server = createServer({ requestTimeout: 0 }, handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as { port: number };
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () => new Promise((done) => {
          server.close(() => {
            agent.destroy();
            done();
          });
          server.closeIdleConnections();
        }),
      });
    });
  });
}
