// npm run contract -- proxy: what it forwards (everything, unchanged, whatever the body or the
// upstream's failure), what it checks of it, and how a mistake on its command line is said.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../lib/free-port.js';
import { runCommand } from '../../support/commands.js';
import { contractCommand, startCheckingProxy } from './checking-proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-proxy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const contract = (...args: string[]) => runCommand(process.execPath, [...contractCommand, ...args]);

/** One line on stderr, exit code 2, nothing on stdout. */
async function refused(args: string[], says: RegExp): Promise<void> {
  const result = await contract(...args);
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(says);
}

describe('its command line', () => {
  it('says in one line what to fix: no upstream, a flag without its value, an invalid or unreachable upstream, a bad number, a file it cannot read or write', async () => {
    const closed = await freePort();
    await Promise.all([
      refused(['proxy'], /--upstream is required: the API's base URL/),
      refused(['proxy', '--upstream'], /--upstream.*argument missing.*--help lists the options/),
      refused(['proxy', '--upstream', 'ftp://example.com/api'], /--upstream "ftp:\/\/example.com\/api" is not an http\(s\) URL/),
      refused(['proxy', '--upstream', `http://127.0.0.1:${closed}/api`], new RegExp(`--upstream http://127.0.0.1:${closed} cannot be reached \\(ECONNREFUSED\\)`)),
      refused(['proxy', '--upstream', 'http://127.0.0.1:1/api', '--port', 'eighty'], /--port must be a whole number/),
      refused(['proxy', '--upstream', 'http://127.0.0.1:1/api', '--profile', 'nightly'], /--profile must be one of/),
      refused(['proxy', '--upstream', upstreamUrl, '--report', '/nonexistent/traffic.json'], /cannot write \/nonexistent\/traffic\.json \(ENOENT\): give a path in a folder that exists/),
      refused(['proxy', '--upstream', upstreamUrl, '--har', '/nonexistent/traffic.har'], /cannot write \/nonexistent\/traffic\.har \(ENOENT\)/),
      refused(['proxy', '--upstream', upstreamUrl, '--config', '/nonexistent/contract.json'], /--config \/nonexistent\/contract\.json: ENOENT/),
    ]);
  }, 60_000);
});

// An upstream of the API's shape, with the answers that test the forwarding.
let upstream: Server;
let upstreamUrl: string;
const seen: { headers: string[]; body: Buffer }[] = [];
const REGIONS = { status: 'success', message: 'Data perusahaan ditemukan.', data: [{ id: 1, name: 'Region Jakarta' }] };

function answer(req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse): void {
  seen.push({ headers: req.rawHeaders, body });
  // A whole URL on the request line (absolute-form) names the same resource as its path.
  const target = req.url!.startsWith('/') ? req.url! : `${new URL(req.url!).pathname}${new URL(req.url!).search}`;
  if (target === '/api/region') {
    // Chunked, in three writes, with a header given twice.
    res.writeHead(200, [['Content-Type', 'application/json'], ['X-Trace', 'a'], ['X-Trace', 'b']].flat());
    const text = JSON.stringify(REGIONS);
    res.write(text.slice(0, 10));
    res.write(text.slice(10, 30));
    res.end(text.slice(30));
  } else if (target === '/api/package?company_id=1') {
    // gzip, and without the required message: the checks read the body as the client does.
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(JSON.stringify({ status: 'success', data: [] })));
  } else if (target === '/api/help/options') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'x', data: 'y'.repeat(5000) }));
  } else if (target === '/api/customer') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"status":"succ');
    setTimeout(() => res.socket?.destroy(), 20); // a reset in the middle of the answer
  } else {
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ received: body.length }));
  }
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/api`;
});
afterAll(() => new Promise<void>((resolve) => {
  upstream.closeAllConnections();
  upstream.close(() => resolve());
}));

/** A request as node:http sends it, with the raw answer. */
function send(url: string, method: string, path: string, headers: string[], body?: Buffer): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // A path that is a whole URL goes on the request line as it is (absolute-form).
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method, headers: ['Host', new URL(url).host, ...headers] as unknown as Record<string, string> }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('forwarding', () => {
  it('passes bodies and headers unchanged (chunked answers, repeated headers, a multipart body), and checks what it saw afterwards', async () => {
    const proxy = await startCheckingProxy(upstreamUrl, join(dir, 'forward.json'), ['--max-body', '2048']);
    const direct = await send(upstreamUrl.replace('/api', ''), 'GET', '/api/region', []);
    const through = await send(proxy.url, 'GET', '/api/region', []);
    expect(through.body.equals(direct.body)).toBe(true);
    const headers = (raw: string[]) => raw.filter((_, i) => i % 2 === 0).map((name, i) => `${name}: ${raw[i * 2 + 1]}`).filter((h) => !/^(Date|Connection|Keep-Alive):/.test(h));
    expect(headers(through.rawHeaders)).toEqual(headers(direct.rawHeaders));
    expect(headers(through.rawHeaders)).toEqual(expect.arrayContaining(['X-Trace: a', 'X-Trace: b', 'Transfer-Encoding: chunked']));

    // A multipart body with every byte value, and a custom header spelled as the client spelled it.
    const boundary = 'jwi-boundary';
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const multipart = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    seen.length = 0;
    const upload = await send(proxy.url, 'POST', '/api/customer/profile-photo', ['Content-Type', `multipart/form-data; boundary=${boundary}`, 'X-Client-Case', 'Kept'], multipart);
    expect(upload.status).toBe(201);
    expect(seen[0]!.body.equals(multipart)).toBe(true);
    expect(seen[0]!.headers).toEqual(expect.arrayContaining(['X-Client-Case', 'Kept']));
    expect(seen[0]!.headers[seen[0]!.headers.findIndex((h) => h.toLowerCase() === 'host') + 1]).toBe(new URL(upstreamUrl).host);

    // Gzipped: checked as decoded. Past --max-body: forwarded whole, checked by status and headers only.
    const gzipped = await send(proxy.url, 'GET', '/api/package?company_id=1', ['Accept-Encoding', 'gzip']);
    expect(gzipped.rawHeaders).toContain('gzip');
    // As a client that takes it for a forward proxy sends it: the whole URL.
    for (let i = 0; i < 4; i++) await send(proxy.url, 'GET', `${upstreamUrl}/package?company_id=1`, []);
    const large = await send(proxy.url, 'GET', '/api/help/options', []);
    expect(large.body.length).toBeGreaterThan(5000);
    const unknown = await send(proxy.url, 'GET', '/api/no-such-thing', []);
    expect(unknown.status).toBe(201);
    // A client that goes away in the middle of its body: the proxy goes on.
    await new Promise<void>((resolve) => {
      const { hostname, port } = new URL(proxy.url);
      const half = request({ hostname, port, method: 'POST', path: '/api/help', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
      half.on('error', () => undefined);
      half.write('{"title":');
      setTimeout(() => {
        half.destroy();
        resolve();
      }, 100);
    });
    expect((await send(proxy.url, 'GET', '/api/region', [])).status).toBe(200);

    const { code, report } = await proxy.stop();
    expect(code).toBe(0);
    expect(report.exchanges).toBe(11);
    expect(report.notChecked.incomplete).toEqual({ count: 1, examples: ['POST /api/help: the client closed the connection before the answer was complete'] });
    expect(report.notChecked.undocumented).toEqual({ count: 1, examples: ['GET /api/no-such-thing'] });
    expect(report.notChecked.bodyUnread).toEqual({ count: 1, examples: ['GET /api/help/options'] });
    // Five failures, three kept with their curl lines: the reports stay small however long the traffic.
    const packages = report.failures.filter((f) => f.operation === 'GET /package');
    expect(packages.map((f) => f.check)).toEqual(Array(3).fill('response_schema_conformance'));
    // And the upload's answer (the fake's own, not the contract's): six in all.
    expect(report.failed).toBe(6);
    expect(report.failures.find((f) => f.operation === 'GET /package')!.actual).toContain('message');
    expect(report.coverage.cells.find((c) => c.operation === 'GET /region' && c.status === '200')!.state).toBe('passed');
  }, 60_000);

  it('answers 502 with a clear body when the upstream refuses, passes a reset on to the client, and counts both', async () => {
    const port = await freePort();
    const flaky = createServer((req, res) => answer(req, Buffer.alloc(0), res));
    await new Promise<void>((resolve) => flaky.listen(port, '127.0.0.1', resolve));
    const proxy = await startCheckingProxy(`http://127.0.0.1:${port}/api`, join(dir, 'errors.json'));
    await expect(send(proxy.url, 'GET', '/api/customer', [])).rejects.toThrow();
    await new Promise<void>((resolve) => {
      flaky.closeAllConnections();
      flaky.close(() => resolve());
    });
    const refusedAnswer = await send(proxy.url, 'GET', '/api/region', []);
    expect(refusedAnswer.status).toBe(502);
    expect(JSON.parse(refusedAnswer.body.toString())).toEqual({ message: `jwi-contract proxy: the upstream http://127.0.0.1:${port} refused the connection` });
    const { code, report } = await proxy.stop('SIGTERM');
    expect(code).toBe(0);
    expect(report.notChecked.incomplete.count).toBe(2);
    expect(report.notChecked.incomplete.examples.join('\n')).toMatch(/GET \/api\/customer: the upstream reset[^]*GET \/api\/region: the upstream .* refused the connection/);
    expect(report.failed).toBe(0);
  }, 60_000);
});
