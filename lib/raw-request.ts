// One HTTP request whose request line carries its path exactly as given. fetch and URL objects
// resolve dot segments and normalise spellings (and fetch replaces a Host header), so what tests a
// path's spelling or a header fetch forbids goes through node:http: the suite's every request, and
// the server's tests of its resolver and of the Host header.
// The modules, not their `request` bound at import: an in-process interceptor (msw/node, which the
// kit's tests of its MSW handlers run the suite against) replaces the modules' `request`.
import http from 'node:http';
import https from 'node:https';

export interface RawRequest {
  method: string;
  /** The request line's path and query, sent as they are. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The request fails with a TimeoutError when no answer has come by then. */
  timeoutMs?: number;
  /** A pool of kept-alive connections; without one, a connection for this request alone. */
  agent?: http.Agent;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; a repeated header's values joined with ', '. */
  headers: Record<string, string>;
  text: string;
}

/** Sends `request` to `origin` (its path is ignored: the request's path is the whole request line). */
export function rawRequest(origin: string | URL, request: RawRequest): Promise<RawResponse> {
  const target = new URL(origin);
  const secure = target.protocol === 'https:';
  const { method, path, body, timeoutMs, agent } = request;
  const headers = body === undefined ? request.headers : { ...request.headers, 'Content-Length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request({
      protocol: target.protocol, hostname: target.hostname.replace(/^\[|\]$/g, ''), port: target.port, path, method, headers, agent, timeout: timeoutMs,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const flat = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        resolve({ status: res.statusCode ?? 0, headers: flat, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { name: 'TimeoutError' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed just as this request went out (after a wait, say):
      // the request never reached it, and goes again on a new connection.
      if (req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
        rawRequest(origin, request).then(resolve, reject);
        return;
      }
      reject(error);
    });
    req.end(body);
  });
}
