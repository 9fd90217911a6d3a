// One exchange seen on the wire (by the checking proxy) or read from a HAR file, and how it becomes
// the suite's Exchange, so that the suite's own checks judge it: the body decoded as the client read
// it (Content-Encoding undone), the request kept only as far as a redacted curl line needs it.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { apiResponse, type ApiRequest, type Exchange } from '../http.js';
import { FILTERED } from '../redact.js';

export interface ObservedExchange {
  method: string;
  /** The request line's target: path and query, as the client sent it. */
  target: string;
  /** Header names in lower case; repeated headers joined with ', '. */
  requestHeaders: Record<string, string>;
  /** Undefined when it was not seen (past the size bound) or there was none. */
  requestBody?: Buffer;
  /** A HAR's multipart form: its fields, for the curl line (the bytes are not in the HAR). */
  requestForm?: { name: string; fileName?: string; contentType?: string }[];
  status?: number;
  responseHeaders: Record<string, string>;
  /** Undefined when the body was not seen: past the size bound, or not in the HAR. */
  responseBody?: Buffer;
  /** Why no complete response arrived (the upstream refused the connection, reset it). */
  error?: string;
  ms: number;
}

/** Request headers whose value is a credential of some kind: never written out. The bearer token
 * and the partner key are written as $JWI_TOKEN and $JWI_API_KEY by the curl line itself. */
const CREDENTIAL_HEADER = /cookie|api[-_]?key|token|secret|password|otp|^proxy-authorization$/i;
/** Headers that say how the bytes travelled, not what was asked. */
const TRANSPORT_HEADER = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'accept-encoding', 'te', 'upgrade']);

/** The longest request body a failure's curl line carries. */
const CURL_BODY_BYTES = 16 * 1024;

/** A body as the client read it: Content-Encoding undone (at most `maxBytes` once decoded); undefined when it cannot be. */
export function decodedBody(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer | undefined {
  const coding = (encoding ?? '').trim().toLowerCase();
  try {
    if (coding === '' || coding === 'identity') return body;
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(body, { maxOutputLength: maxBytes });
    if (coding === 'deflate') return inflateSync(body, { maxOutputLength: maxBytes });
    if (coding === 'br') return brotliDecompressSync(body, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  }
  return undefined;
}

/** The suite's Exchange of an observed one; `apiPath` is the target without the API's base path. */
export function toExchange(observed: ObservedExchange, baseUrl: string, apiPath: string, maxBytes: number): { exchange: Exchange; bodyUnread: boolean } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(observed.requestHeaders)) {
    if (!TRANSPORT_HEADER.has(name)) headers[name] = CREDENTIAL_HEADER.test(name) && name !== 'x-mywifi-key' ? FILTERED : value;
  }
  // Spelled as http.ts spells the two it defaults, so that the curl line has each once (an empty
  // value: the client sent none, and neither does the curl line).
  headers.Accept = headers.accept ?? '';
  headers['Content-Type'] = headers['content-type'] ?? '';
  delete headers.accept;
  delete headers['content-type'];
  const request: ApiRequest = { method: observed.method, path: apiPath.split('?')[0]!, rawPath: apiPath, headers };
  const file = observed.requestForm?.find((part) => part.fileName !== undefined);
  if (file) request.multipart = { field: file.name, filename: file.fileName!, type: file.contentType ?? 'application/octet-stream', bytes: new Uint8Array() };
  // A long body stays out of the curl line: kept failures must stay small (an upload's bytes reproduce nothing readable).
  else if (observed.requestBody && observed.requestBody.length > 0 && observed.requestBody.length <= CURL_BODY_BYTES) request.rawBody = observed.requestBody.toString('utf8');
  const exchange: Exchange = { request, url: `${baseUrl}${apiPath}` };
  if (observed.error !== undefined || observed.status === undefined) {
    exchange.error = observed.error ?? 'no response';
    return { exchange, bodyUnread: true };
  }
  const body = observed.responseBody && decodedBody(observed.responseBody, observed.responseHeaders['content-encoding'], maxBytes);
  const text = body?.toString('utf8') ?? '';
  exchange.response = apiResponse(observed.status, observed.responseHeaders, text, observed.ms);
  return { exchange, bodyUnread: body === undefined };
}

/** Headers as node:http gives them (`rawHeaders`: name, value, name, value...), flattened. */
export function headerRecord(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers[name] = headers[name] === undefined ? raw[i + 1]! : `${headers[name]}, ${raw[i + 1]}`;
  }
  return headers;
}
