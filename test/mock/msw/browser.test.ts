// The MSW handlers in headless Chromium, as a frontend team uses them in the browser (a dev server,
// Storybook): msw's service worker answers a small page that uses the typed client, with the
// handlers as the client package ships them (msw.js, built as `npm run pack` builds it). The page's
// /api requests never reach the server that serves it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleMswHandlers } from '../../../scripts/msw-bundle.js';
import { chromiumMissing, launchChromium } from '../../support/chromium.js';
import { repoRoot } from '../../../lib/processes.js';

const require = createRequire(import.meta.url);
const skip = chromiumMissing();
const scratch = mkdtempSync(join(tmpdir(), 'jwi-msw-page-'));
let server: Server;
let origin: string;
let browser: Browser;
let page: Page;
/** What reached the page's server under /api: nothing may. */
const apiRequests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (skip) return;
  const handlers = join(scratch, 'msw.js');
  await bundleMswHandlers(handlers);
  await build({
    entryPoints: [join(repoRoot, 'test', 'mock', 'msw', 'page', 'app.ts')],
    outfile: join(scratch, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    nodePaths: [join(repoRoot, 'node_modules')], // msw.js's own import of msw, from outside the repository
    plugins: [{
      name: 'shipped-handlers',
      setup: (esbuild) => esbuild.onResolve({ filter: /\/generated\/msw\.js$/ }, () => ({ path: handlers })),
    }],
  });
  const files: Record<string, [string, Buffer]> = {
    '/': ['text/html', Buffer.from('<!doctype html><meta charset="utf-8"><title>JWI</title><div id="customer"></div><script type="module" src="/app.js"></script>')],
    '/app.js': ['text/javascript', readFileSync(join(scratch, 'app.js'))],
    '/mockServiceWorker.js': ['text/javascript', readFileSync(require.resolve('msw/mockServiceWorker.js'))],
  };
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path.startsWith('/api')) apiRequests.push(`${req.method} ${path}`);
    const file = files[path];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(origin, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

type Outcome = [string, number, string];
const showCustomer = (options: { signedIn: boolean; outcome?: Outcome }) =>
  page.evaluate((o) => (window as unknown as { jwiPage: { showCustomer(o: unknown): Promise<void> } }).jwiPage.showCustomer(o), options);
const screen = () => page.locator('#customer').evaluate((el: HTMLElement) => ({ state: el.dataset.state, text: el.textContent }));

describe.skipIf(skip)('the handlers in the browser\'s service worker', () => {
  it('answer the page\'s client: the customer screen shows the customer', async () => {
    await showCustomer({ signedIn: true });
    expect(await screen()).toEqual({ state: 'customer', text: 'John Doe · ISP00123' });
  });

  it('answer the outcome a test chose: the screen shows the not-subscribed state', async () => {
    await showCustomer({ signedIn: true, outcome: ['GET /customer', 404, 'not_subscribed'] });
    expect(await screen()).toEqual({ state: 'not_subscribed', text: 'Pengguna belum memiliki data pelanggan terdaftar.' });
  });

  it('refuse a request without a token, and an invalid one with the documented 422, validated in the browser', async () => {
    await showCustomer({ signedIn: false });
    expect(await screen()).toEqual({ state: 'signed_out', text: 'Silakan masuk.' });
    const login = await page.evaluate(() => (window as unknown as { jwiPage: { login(b: object): Promise<unknown> } }).jwiPage.login({ identifier: 'john@example.com' }));
    expect(login).toEqual({ status: 422, body: { message: 'The given data was invalid.', errors: { password: ['The password field is required.'] } } });
  });

  it('answered every request in the browser: none reached the page\'s server, and the page had no error', () => {
    expect(apiRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
