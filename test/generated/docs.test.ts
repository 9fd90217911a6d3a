// The rendered docs (generated/docs/index.html) work offline: served locally with every outside
// request blocked, headless Chromium finds all 35 operations in the navigation. Checked as a
// plain file and as the reference server serves it at /docs (under its security headers).
import { readFileSync } from 'node:fs';
import { LANGUAGES } from '../../scripts/code-samples.js';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listOperations, loadBundle } from '../../lib/spec/bundle.js';
import { startApp, type TestApp } from '../support/app.js';
import { chromiumMissing, launchChromium } from '../support/chromium.js';
import { repoRoot } from '../support/servers.js';

const skip = chromiumMissing();
const spec = loadBundle();
const operations = listOperations(spec);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let fileServer: Server;
let app: TestApp;
let browser: Browser;
const pages: Record<string, string> = {};

beforeAll(async () => {
  if (skip) return;
  const html = readFileSync(`${repoRoot}/generated/docs/index.html`);
  fileServer = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
  pages['the built file'] = `http://127.0.0.1:${(fileServer.address() as { port: number }).port}/`;
  app = await startApp('sqlite');
  pages['the reference server'] = `${app.baseUrl}/docs`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fileServer?.close();
  await app?.close();
});

describe.skipIf(skip).each(['the built file', 'the reference server'])('rendered docs from %s', (source) => {
  it('show all 35 operations in the navigation without any outside request', async () => {
    const url = pages[source]!;
    const origin = new URL(url).origin;
    const page = await browser.newPage();
    const blocked: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route('**/*', (route) => {
      const target = route.request().url();
      if (target.startsWith(origin) || target.startsWith('data:') || target.startsWith('blob:')) return route.continue();
      blocked.push(target);
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });
    // Redoc's navigation lists each tag collapsed and opens one at a time: open each tag and
    // read the operation entries (menu labels that carry an HTTP-method tag) it shows.
    const entries = page.locator('[data-testid="menu-item-label"]:has([data-component-name="Tags/HttpTag"])');
    const readEntries = () =>
      entries.evaluateAll((nodes) =>
        nodes.map((n) => `${n.querySelector('.tag-http')!.textContent!.toUpperCase()} ${n.querySelector('[data-text]')!.getAttribute('data-text')}`),
      );
    const shown = new Set<string>();
    for (const { name } of spec.tags as { name: string }[]) {
      const tag = page.locator('[data-testid="menu-item-label"]', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }).first();
      const expected = operations
        .filter((o) => (o.definition.tags as string[])[0] === name)
        .map((o) => `${o.method} ${String(o.definition.summary)}`);
      const opened = () => expect.poll(readEntries, { timeout: 5_000 }).toEqual(expect.arrayContaining(expected));
      await tag.click();
      // On a loaded machine Redoc can miss a click while it still renders (CI saw the tag stay
      // closed): click once more, then the tag's operations must show.
      await opened().catch(async () => {
        await tag.click();
        await opened();
      });
      for (const entry of await readEntries()) shown.add(entry);
    }
    expect([...shown].sort()).toEqual(operations.map((o) => `${o.method} ${String(o.definition.summary)}`).sort());
    // The error-code table renders from x-enumDescriptions.
    expect(await page.content()).toContain('INVOICE_SERVICE_MISMATCH');
    expect(blocked, 'outside requests').toEqual([]);
    expect(errors, 'page errors').toEqual([]);
    await page.close();
  });

  it('shows every language of the generated code samples, and downloads the Postman collection from the introduction', async () => {
    const page = await browser.newPage();
    await page.goto(`${pages[source]!}#tag/Billing/operation/markInvoicePaid`, { waitUntil: 'load' });
    // The language menu of the request sample lists every generated language (Redocly drops a sample whose label it does not know).
    await page.getByRole('button', { name: 'curl', exact: true }).first().click({ timeout: 10_000 });
    for (const { label } of LANGUAGES) await expect.poll(() => page.getByText(label, { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.content()).toContain('YOUR_API_KEY');
    // The introduction's Postman section: each file is a download; the collection downloads as generated.
    await page.goto(`${pages[source]!}#section/panduan-integrasi-mitra/koleksi-postman`, { waitUntil: 'load' });
    for (const name of ['jwi-sandbox.postman_environment.json', 'jwi-production.postman_environment.json']) {
      expect(await page.locator(`a[download="${name}"]`).getAttribute('href', { timeout: 10_000 }), name).toMatch(/^data:application\/json;base64,/);
    }
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.locator('a[download="jwi.postman_collection.json"]').click()]);
    expect(readFileSync(await download.path(), 'utf8')).toBe(readFileSync(`${repoRoot}/generated/postman/jwi.postman_collection.json`, 'utf8'));
    await page.close();
  }, 60_000);

  it('show each release of CHANGELOG.md under Changelog', async () => {
    const releases = [...readFileSync(`${repoRoot}/CHANGELOG.md`, 'utf8').matchAll(/^## (\S+ \(\d{4}-\d{2}-\d{2}\))$/gm)].map((m) => `Release ${m[1]}`);
    expect(releases.length).toBeGreaterThan(0);
    const page = await browser.newPage();
    await page.goto(pages[source]!, { waitUntil: 'load' });
    const labels = page.locator('[data-testid="menu-item-label"]');
    await expect.poll(() => labels.allTextContents(), { timeout: 10_000 }).toContain('Changelog');
    await labels.filter({ hasText: /^Changelog$/ }).first().click();
    await expect.poll(() => labels.allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining(['Changelog', ...releases]));
    // The newest release's section, as the changelog gives it: its first line of text is on the page.
    const newest = readFileSync(`${repoRoot}/CHANGELOG.md`, 'utf8').split(/^## .*$/m)[1]!.trim().split('\n')[0]!;
    expect(await page.locator('body').innerText()).toContain(newest.replace(/`/g, ''));
    await page.close();
  });
});

describe.skipIf(skip)('the docs as the reference server serves them', () => {
  it('run their own scripts and nothing else: HTML that spec text brings into the page runs no script', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.goto(pages['the reference server']!, { waitUntil: 'load' });
    await expect.poll(() => page.locator('[data-testid="menu-item-label"]').count(), { timeout: 10_000 }).toBeGreaterThan(0); // Redoc ran
    expect(violations, 'the page\'s own scripts are allowed').toEqual([]);
    // What a description's HTML puts into the page when Redoc renders it as it is.
    await page.evaluate(() => {
      window.addEventListener('message', (event) => Object.assign(window, { ranInSrcdoc: event.data }));
      document.body.insertAdjacentHTML('beforeend', '<iframe srcdoc="<script>parent.postMessage(1, \'*\')</script>"></iframe>'
        + '<img src="data:," onerror="window.ranByHandler = 1"><a id="injected" href="javascript:window.ranByLink = 1">link</a>');
    });
    await page.click('#injected');
    await expect.poll(() => violations.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const ran = await page.evaluate(() => ['ranInSrcdoc', 'ranByHandler', 'ranByLink'].filter((name) => name in window));
    expect(ran).toEqual([]);
    await page.close();
  });
});
