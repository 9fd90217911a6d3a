// The rendered docs (generated/docs/index.html) work offline: served locally with every outside
// request blocked, headless Chromium finds all 35 operations in the navigation. Checked as a
// plain file and as the reference server serves it at /docs (under its security headers). Each
// operation's request shows the defaults of the bundle, and no other.
import { readFileSync } from 'node:fs';
import { LANGUAGES } from '../../scripts/code-samples.js';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { deref, listOperations, loadBundle, type Json, type JsonObject, type SpecOperation } from '../../lib/spec/bundle.js';
import { startApp, type TestApp } from '../support/app.js';
import { chromiumMissing, launchChromium } from '../support/chromium.js';
import { repoRoot } from '../../lib/processes.js';

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

/** The defaults an operation's request has in the bundle, as `query status = "unpaid"` for a parameter and
 * `body image = "default1.jpg"` for a property of the body (Redoc shows its top level, and the first
 * branch of a oneOf, open). */
function requestDefaults(operation: SpecOperation): string[] {
  const shown = (key: string, schema: Json | undefined) => {
    const value = schema && typeof schema === 'object' && !Array.isArray(schema) ? (schema.default ?? deref(spec, schema).default) : undefined;
    return value === undefined ? [] : [`${key} = ${JSON.stringify(value)}`];
  };
  const parameters = ((operation.definition.parameters ?? []) as Json[]).map((p) => deref(spec, p) as JsonObject)
    .flatMap((p) => shown(`${String(p.in)} ${String(p.name)}`, p.schema));
  const body = deref(spec, (operation.definition.requestBody ?? null) as Json) as JsonObject | null;
  const media = body ? Object.values(body.content as JsonObject)[0] as JsonObject : undefined;
  const schema = media ? deref(spec, media.schema!) as JsonObject : {};
  const members = [schema, ...((schema.allOf ?? []) as Json[]), ...((schema.oneOf ?? schema.anyOf ?? []) as Json[]).slice(0, 1)]
    .map((m) => deref(spec, m) as JsonObject);
  const properties = members.flatMap((m) => Object.entries((m.properties ?? {}) as JsonObject))
    .flatMap(([name, property]) => shown(`body ${name}`, property));
  return [...parameters, ...properties].sort();
}

describe.skipIf(skip)('rendered docs, request defaults', () => {
  it('show for every operation exactly the defaults of the bundle', async () => {
    const page = await browser.newPage();
    await page.goto(pages['the built file']!, { waitUntil: 'load' });
    const seen: Record<string, string[]> = {};
    const expected: Record<string, string[]> = {};
    for (const operation of operations) {
      // Redoc's address of an operation: its tag and operationId in lower case, spaces as '-'.
      const tag = (operation.definition.tags as string[])[0]!.toLowerCase().replace(/ /g, '-');
      const id = `${tag}/${operation.operationId.toLowerCase()}`;
      await page.goto(`${pages['the built file']!}#/${id}`);
      const section = page.locator(`[data-item-kind="httpItem"][data-section-id="/${id}"]`);
      await section.locator('[data-testid="middle-panel"]').first().waitFor({ timeout: 10_000 });
      // Each field of the request is an element with the id `OPERATION/t=request&[in=query&]path=...NAME`;
      // its default, if any, is the text after its own "Default:" label.
      seen[operation.operationId] = (await section.locator('[id*="/t=request"]').evaluateAll((fields) => fields.flatMap((field) => {
        const label = [...field.querySelectorAll('span')].find((s) => s.textContent === 'Default:' && s.closest('[id*="/t=request"]') === field);
        const where = /&in=(\w+)/.exec(field.id)?.[1] ?? 'body';
        return label ? [`${where} ${field.id.split(/[=/]/).at(-1)} = ${label.nextElementSibling?.textContent ?? ''}`] : [];
      }))).sort();
      expected[operation.operationId] = requestDefaults(operation);
    }
    expect(seen).toEqual(expected);
    expect(Object.values(expected).flat().length).toBeGreaterThan(0); // the bundle has defaults to show
    await page.close();
  }, 120_000);
});

describe.skipIf(skip)("rendered docs, the partners' billing error codes", () => {
  it('show each error_code of the guide whole, on one line, at a laptop\'s width', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${pages['the built file']!}#/section/kode-error-billing`, { waitUntil: 'load' });
    const codes = (spec.components as { schemas: { ErrorCode: { enum: string[] } } }).schemas.ErrorCode.enum;
    for (const code of codes) {
      const element = page.locator('code', { hasText: new RegExp(`^${code}$`) }).first();
      await element.waitFor({ timeout: 10_000 });
      // An inline element broken over several lines has one box per line.
      expect(await element.evaluate((node) => node.getClientRects().length), code).toBe(1);
    }
    await page.close();
  }, 60_000);
});

describe.skipIf(skip)('rendered docs, the server list', () => {
  it('shows each server of the bundle with its description as text, without Markdown backticks', async () => {
    const page = await browser.newPage();
    await page.goto(`${pages['the built file']!}#/billing/getunpaidbills`, { waitUntil: 'load' });
    await page.locator('[data-section-id="/billing/getunpaidbills"]').getByText('/billing/unpaid').first().click({ timeout: 10_000 });
    const servers = spec.servers as { url: string; description: string }[];
    expect(servers.some((server) => server.description.includes('`'))).toBe(true); // the spec's descriptions are Markdown
    for (const { description } of servers) {
      const text = description.replace(/`([^`]*)`/g, '$1');
      await expect.poll(() => page.getByText(text, { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    expect(await page.locator('body').innerText()).not.toMatch(/`npm (start|run mock)`/);
    await page.close();
  }, 60_000);
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
