// The checking proxy's traffic as a HAR 1.2 file (--har FILE), for `jwi-contract har` later or for a
// browser's network panel: written as the exchanges come (nothing is held in memory), and redacted
// as the reports are: credential headers written as [Filtered], bodies and URLs through the suite's
// redaction. The file is complete once the proxy stops (SIGINT, SIGTERM).
import { closeSync, openSync, writeSync } from 'node:fs';
import { FILTERED, type Redact } from '../redact.js';
import { decodedBody, type ObservedExchange } from './observed.js';
import { writing } from './options.js';

const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|x-mywifi-key|cookie|set-cookie)$|api[-_]?key|token|secret|password|otp/i;

export interface HarWriter {
  add(observed: ObservedExchange): void;
  close(): void;
}

/** Text of a body when it is UTF-8 (redacted); base64 otherwise (images: nothing to redact). */
function content(body: Buffer | undefined, redact: Redact): { text?: string; encoding?: string; size: number } {
  if (body === undefined) return { size: -1 };
  const text = body.toString('utf8');
  if (Buffer.byteLength(text) === body.length && !text.includes('\uFFFD')) return { text: redact(text), size: body.length };
  return { text: body.toString('base64'), encoding: 'base64', size: body.length };
}

/** A request body as HAR's postData, which has no base64: a body that is not text (a multipart
 * photo) is named by its type only. */
function requestPostData(observed: ObservedExchange, redact: Redact): { mimeType: string; text?: string } {
  const mimeType = observed.requestHeaders['content-type'] ?? '';
  const { text, encoding } = content(observed.requestBody, redact);
  return encoding === undefined && text !== undefined ? { mimeType, text } : { mimeType };
}

export function harWriter(file: string, upstream: URL, redact: Redact, maxBodyBytes: number): HarWriter {
  const fd = writing(file, () => openSync(file, 'w'));
  writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"jwi-contract proxy","version":"1"},"entries":[\n');
  let first = true;
  const headerList = (headers: Record<string, string>) =>
    Object.entries(headers).map(([name, value]) => ({ name, value: CREDENTIAL_HEADER.test(name) ? FILTERED : redact(value) }));
  return {
    add(observed) {
      const url = redact(`${upstream.origin}${observed.target}`);
      const encoding = observed.responseHeaders['content-encoding'];
      const body = observed.responseBody && decodedBody(observed.responseBody, encoding, maxBodyBytes);
      const responseHeaders = { ...observed.responseHeaders };
      // The text below is the decoded body.
      if (body) delete responseHeaders['content-encoding'];
      const entry = {
        startedDateTime: new Date(Date.now() - observed.ms).toISOString(),
        time: observed.ms,
        request: {
          method: observed.method, url, httpVersion: 'HTTP/1.1', cookies: [], headers: headerList(observed.requestHeaders),
          queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })), headersSize: -1, bodySize: observed.requestBody?.length ?? -1,
          ...(observed.requestBody?.length ? { postData: requestPostData(observed, redact) } : {}),
        },
        response: {
          status: observed.status ?? 0, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: headerList(responseHeaders),
          content: { mimeType: observed.responseHeaders['content-type'] ?? '', ...content(body, redact) },
          redirectURL: '', headersSize: -1, bodySize: observed.responseBody?.length ?? -1,
          ...(observed.error ? { _error: observed.error } : {}),
        },
        cache: {},
        timings: { send: 0, wait: observed.ms, receive: 0 },
      };
      writeSync(fd, `${first ? '' : ',\n'}${JSON.stringify(entry)}`);
      first = false;
    },
    close() {
      writeSync(fd, '\n]}}\n');
      closeSync(fd);
    },
  };
}
