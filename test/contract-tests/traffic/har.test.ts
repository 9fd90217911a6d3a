// npm run contract -- har: HAR files as browsers, Postman and mitmproxy export them, checked offline;
// its exit codes, and a file that is not a HAR said in one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../support/commands.js';
import { contractCommand, type TrafficReport } from './checking-proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'jwi-har-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const har = (...args: string[]) => runCommand(process.execPath, [...contractCommand, 'har', ...args]);

const REGIONS = JSON.stringify({ status: 'success', message: 'Data perusahaan ditemukan.', data: [{ id: 1, name: 'Region Jakarta' }] });
const headers = (record: Record<string, string>) => Object.entries(record).map(([name, value]) => ({ name, value }));

/** An entry as Chrome writes one: `_` fields, HTTP/2 pseudo-headers, the body in `text`. */
function entry(method: string, url: string, status: number, body: { text?: string; encoding?: string; size?: number }, extra: { postData?: object; requestHeaders?: Record<string, string> } = {}) {
  return {
    _initiator: { type: 'script' }, _priority: 'High', _resourceType: 'fetch', startedDateTime: '2026-12-01T10:00:00.000Z', time: 12.5,
    request: { method, url, httpVersion: 'http/2.0', headers: headers({ ':authority': new URL(url).host, ':path': new URL(url).pathname, ...extra.requestHeaders }), queryString: [], cookies: [], headersSize: -1, bodySize: 0, ...(extra.postData ? { postData: extra.postData } : {}) },
    response: { status, statusText: '', httpVersion: 'http/2.0', headers: headers({ 'content-type': 'application/json' }), cookies: [], content: { mimeType: 'application/json', size: body.size ?? 100, ...body }, redirectURL: '', headersSize: -1, bodySize: -1, _transferSize: 300 },
    cache: {}, timings: { send: 1, wait: 10, receive: 1 },
  };
}

function write(name: string, entries: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } }));
  return file;
}

describe('jwi-contract har', () => {
  it('reads what the exporters write (base64 bodies, missing text, forms as params, other origins) and finds the base URL', async () => {
    const api = 'https://staging.example.com/api';
    const file = write('chrome.har', [
      entry('GET', `${api}/region`, 200, { text: Buffer.from(REGIONS).toString('base64'), encoding: 'base64' }),
      // Postman leaves out bodies it did not keep: the status and headers are still checked.
      entry('GET', `${api}/package?company_id=1`, 200, {}),
      // mitmproxy writes a form's fields as params; the failure's curl line has the password as [Filtered].
      entry('POST', `${api}/auth/login`, 422, { text: JSON.stringify({ errors: { identifier: ['x'] } }) },
        { postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'identifier', value: 'john' }, { name: 'password', value: 'hunter2-secret' }] }, requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' } }),
      entry('GET', 'https://cdn.example.com/app.js', 200, { text: 'console.log(1)' }),
      // The answer breaks the contract: a status the operation does not document.
      entry('GET', `${api}/help/options`, 418, { text: '{}' }),
    ]);
    const report = join(dir, 'chrome.json');
    const result = await har(file, '--report', report);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('[contract: status_code_conformance] GET /help/options');
    expect(result.stdout).toContain('[contract: response_schema_conformance] POST /auth/login');
    expect(result.stdout).toContain("--data-raw 'identifier=john&password=[Filtered]'");
    expect(result.stdout).toContain(`: the API at ${api} (profile staging)`);
    const json = JSON.parse(readFileSync(report, 'utf8')) as TrafficReport;
    expect(json.exchanges).toBe(5);
    expect(json.notChecked.undocumented.examples).toEqual(['GET /app.js']);
    expect(json.notChecked.bodyUnread.examples).toEqual(['GET /api/package']);
    expect(json.coverage.cells.filter((c) => c.state === 'passed').map((c) => `${c.operation} ${c.status}`)).toEqual(['GET /region 200', 'GET /package 200']);
    expect(JSON.stringify(json)).not.toContain('hunter2-secret');
    expect(result.stdout).not.toContain('hunter2-secret');

    const fixed = write('fixed.har', [entry('GET', `${api}/region`, 200, { text: REGIONS })]);
    expect((await har(fixed, '--base-url', api)).code).toBe(0);
  }, 60_000);

  it('checks a body nested 10,000 levels deep, sent or answered, as any other (it overflowed a check by recursion)', async () => {
    const api = 'https://staging.example.com/api';
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const file = write('deep.har', [
      entry('GET', `${api}/region`, 200, { text: `{"status":"success","message":"x","data":${deep}}` }),
      entry('POST', `${api}/help`, 500, { text: `{"message":"x","trace":${deep}}` },
        { postData: { mimeType: 'application/json', text: deep }, requestHeaders: { 'content-type': 'application/json' } }),
    ]);
    const result = await har(file);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('[contract: response_schema_conformance] GET /region');
    expect(result.stdout).toContain('[contract: not_a_server_error] POST /help');
  }, 60_000);

  it('says in one line, exit 2, what is wrong with a file that is not a HAR, or a base URL it cannot find', async () => {
    const cases: [string[], RegExp][] = [
      [[], /give the HAR files to check/],
      [[join(dir, 'missing.har')], /missing\.har: cannot be read \(ENOENT\)/],
      [[(() => { writeFileSync(join(dir, 'text.har'), 'GET / HTTP/1.1'); return join(dir, 'text.har'); })()], /text\.har is not JSON .*: give a HAR 1\.2 export/],
      [[(() => { writeFileSync(join(dir, 'other.har'), '{"log":{}}'); return join(dir, 'other.har'); })()], /other\.har has no log\.entries/],
      [[write('entry.har', [{ request: { url: 'x' } }])], /entry\.har entry 1 has no request\.method, request\.url or response\.status/],
      [[write('origins.har', [entry('GET', 'https://a.example/api/region', 200, {}), entry('GET', 'https://b.example/api/region', 200, {})])], /several origins \(https:\/\/a\.example, https:\/\/b\.example\): say which is the API with --base-url/],
      [[write('ok.har', []), '--base-url'], /--base-url.*argument missing/],
      [[write('fine.har', []), '--base-url', 'http://127.0.0.1/api', '--junit', '/nonexistent/x.xml'], /cannot write \/nonexistent\/x\.xml \(ENOENT\)/],
    ];
    for (const [args, says] of cases) {
      const result = await har(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(says);
    }
  }, 60_000);
});
