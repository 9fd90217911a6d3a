// Sending one request to the target, keeping what is needed to check and to reproduce it.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { SuiteConfig } from './config.js';

export interface ApiRequest {
  method: string;
  /** The spec path, e.g. /auth/login (the base URL supplies the rest). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as is (malformed JSON, a form). */
  rawBody?: string;
  multipart?: { field: string; filename: string; type: string; bytes: Uint8Array<ArrayBuffer> };
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed JSON body; undefined when the body is not JSON. */
  json: unknown;
  ms: number;
}

export interface Exchange {
  request: ApiRequest;
  url: string;
  response?: ApiResponse;
  /** Why no response arrived (connection refused, timeout). */
  error?: string;
}

export function urlOf(baseUrl: string, request: ApiRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(name, String(value));
  const search = query.size > 0 ? `?${query}` : '';
  return `${baseUrl}${request.path}${search}`;
}

function headersOf(request: ApiRequest): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.body !== undefined || request.rawBody !== undefined) headers['Content-Type'] ??= 'application/json';
  return headers;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A curl command that sends the same request. */
export function curlOf(baseUrl: string, request: ApiRequest): string {
  const parts = ['curl', '-X', request.method, shellQuote(urlOf(baseUrl, request))];
  for (const [name, value] of Object.entries(headersOf(request))) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.multipart) {
    parts.push('-F', shellQuote(`${request.multipart.field}=@${request.multipart.filename};type=${request.multipart.type}`));
  } else if (request.rawBody !== undefined) {
    parts.push('--data-raw', shellQuote(request.rawBody));
  } else if (request.body !== undefined) {
    parts.push('--data-raw', shellQuote(JSON.stringify(request.body)));
  }
  return parts.join(' ');
}

// Connections are kept open between requests: the suite sends thousands of them.
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

function parsed(status: number, headers: Record<string, string>, text: string, started: number): ApiResponse {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, headers, text, json, ms: performance.now() - started };
}

/** A request over node:http (fetch costs several times more per request); multipart goes through fetch. */
function sendPlain(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<ApiResponse> {
  const started = performance.now();
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(target, {
      method, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      agent: secure ? agents.https : agents.http, timeout: timeoutMs,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const flat = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        resolve(parsed(res.statusCode ?? 0, flat, Buffer.concat(chunks).toString('utf8'), started));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}

export async function send(config: Pick<SuiteConfig, 'baseUrl' | 'timeoutMs'>, request: ApiRequest): Promise<Exchange> {
  const url = urlOf(config.baseUrl, request);
  const headers = headersOf(request);
  try {
    if (!request.multipart) {
      const body = request.rawBody ?? (request.body !== undefined ? JSON.stringify(request.body) : undefined);
      return { request, url, response: await sendPlain(url, request.method, headers, body, config.timeoutMs) };
    }
    const form = new FormData();
    form.append(request.multipart.field, new Blob([request.multipart.bytes], { type: request.multipart.type }), request.multipart.filename);
    const started = performance.now();
    const response = await fetch(url, { method: request.method, headers, body: form, signal: AbortSignal.timeout(config.timeoutMs), redirect: 'manual' });
    return { request, url, response: parsed(response.status, Object.fromEntries(response.headers), await response.text(), started) };
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return { request, url, error: (error as Error).name === 'TimeoutError' ? `no response within ${config.timeoutMs} ms` : (cause?.message ?? (error as Error).message) };
  }
}
