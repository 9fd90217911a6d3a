// Sending one request to the target, keeping what is needed to check and to reproduce it.
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

export async function send(config: Pick<SuiteConfig, 'baseUrl' | 'timeoutMs'>, request: ApiRequest): Promise<Exchange> {
  const url = urlOf(config.baseUrl, request);
  const headers = headersOf(request);
  let body: BodyInit | undefined;
  if (request.multipart) {
    const form = new FormData();
    form.append(request.multipart.field, new Blob([request.multipart.bytes], { type: request.multipart.type }), request.multipart.filename);
    body = form;
  } else if (request.rawBody !== undefined) {
    body = request.rawBody;
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
  }
  const started = performance.now();
  try {
    const response = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(config.timeoutMs), redirect: 'manual' });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      request,
      url,
      response: { status: response.status, headers: Object.fromEntries(response.headers), text, json, ms: performance.now() - started },
    };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no response within ${config.timeoutMs} ms` : (error as Error).cause
      ? String(((error as Error).cause as Error).message ?? (error as Error).cause) : (error as Error).message;
    return { request, url, error: reason };
  }
}
