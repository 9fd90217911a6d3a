// Sending one request to the target, keeping what is needed to check and to reproduce it.
import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rawRequest } from '../lib/raw-request.js';
import type { SuiteConfig } from './config.js';

export interface ApiRequest {
  method: string;
  /** The spec path, e.g. /auth/login (the base URL supplies the rest). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Headers to send; an empty value leaves that header out (e.g. `'Content-Type': ''`: no Content-Type at all). */
  headers?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as is, byte for byte (malformed JSON, invalid UTF-8, a multipart body written by hand). */
  rawBody?: string | Uint8Array;
  multipart?: { field: string; filename: string; type: string; bytes: Uint8Array<ArrayBuffer> };
  /** The request line's path exactly as given (after the base URL's path), instead of `path`: for
   * spellings URL parsing would normalise (`/./`, `/../`, `%2F`). */
  rawPath?: string;
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
  /** Why the request was not sent at all (the target limits the operation for now). */
  unsent?: string;
}

export function urlOf(baseUrl: string, request: ApiRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(name, String(value));
  const search = query.size > 0 ? `?${query}` : '';
  return `${baseUrl}${request.rawPath ?? request.path}${search}`;
}

function headersOf(request: ApiRequest): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.body !== undefined || request.rawBody !== undefined) headers['Content-Type'] ??= 'application/json';
  for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
  return headers;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** printf's escapes for bytes a shell string cannot carry as they are. */
const printfBytes = (bytes: Uint8Array) =>
  [...bytes].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c && b !== 0x25 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');

/** Credentials in a curl line: taken from the environment, never written out. */
const CREDENTIAL_HEADERS: Record<string, string> = { authorization: '"Authorization: Bearer $JWI_TOKEN"', 'x-mywifi-key': '"X-MYWIFI-KEY: $JWI_API_KEY"' };

/** A curl command that sends the same request, with the credentials as $JWI_TOKEN and $JWI_API_KEY. */
export function curlOf(baseUrl: string, request: ApiRequest): string {
  const parts = ['curl', ...(request.rawPath ? ['--path-as-is'] : []), '-X', request.method, shellQuote(urlOf(baseUrl, request))];
  for (const [name, value] of Object.entries(headersOf(request))) parts.push('-H', CREDENTIAL_HEADERS[name.toLowerCase()] ?? shellQuote(`${name}: ${value}`));
  if (request.multipart) {
    parts.push('-F', shellQuote(`${request.multipart.field}=@${request.multipart.filename};type=${request.multipart.type}`));
  } else if (request.rawBody instanceof Uint8Array) {
    return `printf '${printfBytes(request.rawBody)}' | ${parts.join(' ')} --data-binary @-`;
  } else if (request.rawBody !== undefined) {
    parts.push('--data-raw', shellQuote(request.rawBody));
  } else if (request.body !== undefined) {
    parts.push('--data-raw', shellQuote(JSON.stringify(request.body)));
  }
  return parts.join(' ');
}

// Connections are kept open between requests: the suite sends thousands of them.
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

/** A response as the checks read it: its text, and the JSON it holds (undefined when it holds none). */
export function apiResponse(status: number, headers: Record<string, string>, text: string, ms: number): ApiResponse {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, headers, text, json, ms };
}

/** The path and query of the request line: the base URL's path, then the request's path as given
 * (a URL object would resolve the dot segments of a raw path). */
function requestLinePath(baseUrl: string, request: ApiRequest): string {
  const full = urlOf(baseUrl, request);
  return full.slice(new URL(baseUrl).origin.length);
}

/** A request over node:http (lib/raw-request.ts), not fetch: fetch normalises paths, and the suite
 * sends thousands of requests, where fetch's cost per request adds up. The path of the request line
 * goes unchanged. */
async function sendPlain(origin: URL, path: string, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, timeoutMs: number): Promise<ApiResponse> {
  const started = performance.now();
  const agent = origin.protocol === 'https:' ? agents.https : agents.http;
  const response = await rawRequest(origin, { method, path, headers, body, timeoutMs, agent });
  return apiResponse(response.status, response.headers, response.text, performance.now() - started);
}

/** A one-file multipart/form-data body, as a browser's FormData sends it. */
function multipartBody({ field, filename, type, bytes }: NonNullable<ApiRequest['multipart']>): { contentType: string; body: Uint8Array } {
  const boundary = `----jwi-contract-${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

export async function send(config: Pick<SuiteConfig, 'baseUrl' | 'timeoutMs'>, request: ApiRequest): Promise<Exchange> {
  const url = urlOf(config.baseUrl, request);
  const headers = headersOf(request);
  try {
    let body = request.rawBody ?? (request.body !== undefined ? JSON.stringify(request.body) : undefined);
    if (request.multipart) {
      const form = multipartBody(request.multipart);
      headers['Content-Type'] = form.contentType;
      body = form.body;
    }
    return { request, url, response: await sendPlain(new URL(config.baseUrl), requestLinePath(config.baseUrl, request), request.method, headers, body, config.timeoutMs) };
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return { request, url, error: (error as Error).name === 'TimeoutError' ? `no response within ${config.timeoutMs} ms` : (cause?.message ?? (error as Error).message) };
  }
}
