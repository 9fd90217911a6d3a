// HAR 1.2 files as browsers' dev tools, Postman and mitmproxy export them, read into observed
// exchanges: bodies in `text` (base64 when `encoding` says so), a missing `text` read as "not
// recorded", forms given as `postData.params`, the exporters' own `_` fields ignored.
import { readFileSync } from 'node:fs';
import type { ObservedExchange } from './observed.js';

export class HarProblem extends Error {}

interface HarHeader { name: string; value: string }
interface HarEntry {
  request: { method: string; url: string; headers?: HarHeader[]; postData?: { mimeType?: string; text?: string; params?: { name: string; value?: string; fileName?: string; contentType?: string }[] } };
  response: { status: number; headers?: HarHeader[]; content?: { size?: number; text?: string; encoding?: string } };
  time?: number;
}

export interface HarExchange {
  /** The entry's URL (its origin says where it was sent). */
  url: URL;
  observed: ObservedExchange;
  /** `FILE entry N`, for the reports. */
  where: string;
}

const headers = (list: HarHeader[] | undefined) => {
  const out: Record<string, string> = {};
  for (const { name, value } of list ?? []) {
    // HTTP/2 pseudo-headers (:authority, :path) are how Chrome writes the request line again.
    if (typeof name !== 'string' || name.startsWith(':')) continue;
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? String(value) : `${out[key]}, ${String(value)}`;
  }
  return out;
};

function bodyOf(text: string | undefined, encoding: string | undefined): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  return encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
}

function requestBody(postData: HarEntry['request']['postData']): Pick<ObservedExchange, 'requestBody' | 'requestForm'> {
  if (!postData) return {};
  if (typeof postData.text === 'string' && postData.text !== '') return { requestBody: Buffer.from(postData.text, 'utf8') };
  const params = postData.params ?? [];
  if (params.some((p) => p.fileName !== undefined) || /multipart\//.test(postData.mimeType ?? '')) return { requestForm: params };
  // A urlencoded form given as its fields.
  return params.length ? { requestBody: Buffer.from(new URLSearchParams(params.map((p) => [p.name, p.value ?? ''])).toString()) } : {};
}

function entryOf(entry: HarEntry, where: string): HarExchange {
  const { request, response } = entry ?? {};
  if (typeof request?.method !== 'string' || typeof request.url !== 'string' || !URL.canParse(request.url) || typeof response?.status !== 'number') {
    throw new HarProblem(`${where} has no request.method, request.url or response.status`);
  }
  const url = new URL(request.url);
  const content = response.content ?? {};
  // Status 0: the browser got no answer (blocked, cancelled, failed).
  const answered = response.status > 0;
  const observed: ObservedExchange = {
    method: request.method.toUpperCase(), target: `${url.pathname}${url.search}`, requestHeaders: headers(request.headers), ...requestBody(request.postData),
    responseHeaders: headers(response.headers), ms: entry.time ?? 0,
    ...(answered ? { status: response.status, responseBody: bodyOf(content.text, content.encoding) ?? (content.size === 0 ? Buffer.alloc(0) : undefined) } : { error: 'no answer was recorded (status 0)' }),
  };
  // Exporters record the body decoded: the encoding header no longer describes it.
  delete observed.responseHeaders['content-encoding'];
  return { url, observed, where };
}

/** The exchanges of a HAR file; HarProblem when it is not one. */
export function readHar(file: string): HarExchange[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HarProblem(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let har: { log?: { entries?: unknown } };
  try {
    har = JSON.parse(text) as typeof har;
  } catch (error) {
    throw new HarProblem(`${file} is not JSON (${(error as Error).message}): give a HAR 1.2 export`);
  }
  if (!Array.isArray(har?.log?.entries)) throw new HarProblem(`${file} has no log.entries: give a HAR 1.2 export`);
  return (har.log.entries as HarEntry[]).map((entry, index) => entryOf(entry, `${file} entry ${index + 1}`));
}

/** The API's base URL the entries were sent to: the one origin of the entries under `apiPath`, with it. */
export function foundBaseUrl(exchanges: HarExchange[], apiPath: string): string {
  const origins = new Set(exchanges.filter((e) => e.url.pathname.startsWith(`${apiPath}/`)).map((e) => e.url.origin));
  if (origins.size === 1) return `${[...origins][0]}${apiPath}`;
  if (origins.size === 0) throw new HarProblem(`no entry is under ${apiPath}/: give the API's base URL with --base-url`);
  throw new HarProblem(`entries went to several origins (${[...origins].join(', ')}): say which is the API with --base-url`);
}
