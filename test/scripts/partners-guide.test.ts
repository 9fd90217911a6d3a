// The partners' integration guide (docs/partners/panduan-integrasi.md, rendered into the docs'
// introduction): the facts it states are the spec's, the server's and the demo's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deref, listOperations, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { CLIENT_PACKAGE } from '../../scripts/code-samples.js';
import { GUIDE_FILE, POSTMAN_FILES } from '../../scripts/partners-kit.js';
import { loadConfig, RATE_LIMIT_SETTINGS } from '../../server/config.js';
import { DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_RESTRICTED_API_KEY, DEMO_RESTRICTED_CIDR } from '../../server/demo/constants.js';
import { startApp, type TestApp } from '../support/app.js';
import { repoRoot } from '../../lib/processes.js';

const guide = readFileSync(GUIDE_FILE, 'utf8');
const spec = loadBundle();
const operations = listOperations(spec);
const errorCode = (spec.components as JsonObject).schemas as JsonObject;
const codes = deref(spec, errorCode.ErrorCode!) as JsonObject;
const partnerWorkflows = (parse(readFileSync(join(repoRoot, 'openapi/workflows/partners.arazzo.yaml'), 'utf8')) as { workflows: { workflowId: string }[] })
  .workflows.map((w) => w.workflowId);
let app: TestApp;

beforeAll(async () => void (app = await startApp('sqlite')));
afterAll(() => app?.close());

it('lists every billing error_code with its HTTP status and what to do', () => {
  const statuses = codes['x-http-status'] as Record<string, number>;
  expect(Object.keys(statuses).sort()).toEqual([...(codes.enum as string[])].sort());
  const rows = [...guide.matchAll(/^- \*\*`([A-Z_]+)`\*\*, HTTP (\d{3}): .+\. Yang dilakukan: .+\.$/gm)].map((m) => [m[1], Number(m[2])]);
  expect(Object.fromEntries(rows)).toEqual(statuses);
  expect(rows).toHaveLength((codes.enum as string[]).length); // each once
});

it('names operations as the spec does, with their method and path', () => {
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const named = [...guide.matchAll(/`([a-z]+[A-Z][A-Za-z]*)`/g)].map((m) => m[1]!);
  const client = readFileSync(join(repoRoot, 'generated/client.ts'), 'utf8'); // createJwiClient, named as the typed client's export
  expect(named.filter((id) => !byId.has(id) && !partnerWorkflows.includes(id) && !client.includes(`export function ${id}(`))).toEqual([]);
  for (const [, id, method, path] of guide.matchAll(/`([a-z]+[A-Z][A-Za-z]*)`\s+\(`(GET|POST|PUT|DELETE) ([^`]+)`\)/g)) {
    expect(`${byId.get(id!)?.method} ${byId.get(id!)?.path}`).toBe(`${method} ${path}`);
  }
  // Every API-key operation is introduced with its method and path.
  for (const op of operations.filter((o) => o.security === 'apiKey')) {
    expect(guide).toMatch(new RegExp(`\`${op.operationId}\`\\s+\\(\`${op.method} ${op.path}\`\\)`));
  }
});

it('says where the typed client of the Node.js samples comes from: the client package, installed from its tarball', () => {
  const { name } = JSON.parse(readFileSync(join(repoRoot, 'packages/client/package.json'), 'utf8')) as { name: string };
  expect(name).toBe(CLIENT_PACKAGE);
  expect(guide).toContain(`\`createJwiClient\` dari paket \`${CLIENT_PACKAGE}\``);
  expect(guide).toContain('`npm install ./jwi-api-client-X.Y.Z.tgz`');
  expect(guide).not.toContain('generated/client');
});

it("gives the server's default rate limits", () => {
  const operationOf: Record<string, string> = { register: 'registerUser', profilePhoto: 'uploadProfilePhoto' };
  for (const [route, { fallback }] of Object.entries(RATE_LIMIT_SETTINGS)) {
    const cell = ({ max, seconds }: { max: number; seconds: number }) => `${max} per ${seconds} detik`;
    const row = `| \`${operationOf[route] ?? route}\` | ${cell(fallback.perClient)} | ${cell(fallback.perAccountFromClient)} | ${cell(fallback.perAccount)} |`;
    expect(guide).toContain(row);
  }
  const limited = [...guide.matchAll(/^\| `(\w+)` \| \d+ per \d+ detik/gm)].length;
  expect(limited).toBe(Object.keys(RATE_LIMIT_SETTINGS).length);
  // Each of them documents 429 with Retry-After, and so does every API-key operation, limited per key as the guide says.
  for (const op of operations) {
    const documents429 = '429' in (op.definition.responses as JsonObject);
    expect(documents429, op.operationId).toBe(guide.includes(`| \`${op.operationId}\` |`) || op.security === 'apiKey');
  }
  const { max, seconds } = loadConfig({}).apiKeyLimit;
  expect(guide).toMatch(new RegExp(`dibatasi per API key:[^.]*bawaan server referensi\\s+${max} per ${seconds} detik`));
});

it("describes the sandbox's demo data as the demo has it", async () => {
  for (const value of [DEMO_API_KEY, DEMO_RESTRICTED_API_KEY, DEMO_RESTRICTED_CIDR, DEMO_PASSWORD]) expect(guide).toContain(value);
  for (const customer of DEMO_CUSTOMERS) for (const value of Object.values(customer)) expect(guide).toContain(value);
  // "Siti: lima tagihan belum dibayar (Februari 2026 dan empat bulan terakhir)"; John: only the current month unpaid.
  const unpaid = (noServices: string) => app.get(`/billing/unpaid?no_services=${noServices}&status=all`, { apiKey: DEMO_API_KEY });
  const siti = (await unpaid('28900001')).body.data as { status: string; month: number; year: number }[];
  expect(guide).toMatch(/lima tagihan belum dibayar\s+\(Februari 2026 dan empat bulan terakhir\)/);
  expect(siti.filter((i) => i.status === 'BELUM BAYAR')).toHaveLength(5);
  expect(siti.some((i) => i.month === 2 && i.year === 2026)).toBe(true);
  const john = (await unpaid('ISP00123')).body.data as { status: string }[];
  expect(john.filter((i) => i.status === 'BELUM BAYAR')).toHaveLength(1);
  // The restricted key shows IP_NOT_ALLOWED from this machine.
  const restricted = await app.get('/billing/unpaid?no_services=28900001', { apiKey: DEMO_RESTRICTED_API_KEY });
  expect([restricted.status, restricted.body.error_code]).toEqual([403, 'IP_NOT_ALLOWED']);
});

it('pays safely as the API behaves: a retry is refused with 409 and billing/detail shows whose reference_no paid', async () => {
  expect(guide).toContain('409 `INVOICE_ALREADY_PAID`');
  const key = { apiKey: DEMO_API_KEY };
  const invoice = (await app.get('/billing/unpaid?no_services=28900001', key)).body.data[0];
  // The guide says to send the number as text, and what it is: YYMM of the period, then the sequence.
  expect(guide).toMatch(/Kirim `invoice` sebagai\s+\*\*teks\*\*/);
  expect(String(invoice.invoice)).toMatch(new RegExp(`^${String(invoice.year % 100).padStart(2, '0')}${String(invoice.month).padStart(2, '0')}\\d{3,}$`));
  expect((await app.post('/billing/mark-as-paid', { invoice: String(invoice.invoice), no_services: '28900001', reference_no: 'BANK-A-1' }, key)).status).toBe(200);
  // The reference server also takes the integer as read (its own leniency): the retry is refused all the same.
  const retry = await app.post('/billing/mark-as-paid', { invoice: invoice.invoice, no_services: '28900001', reference_no: 'BANK-B-7' }, key);
  expect([retry.status, retry.body.error_code]).toEqual([409, 'INVOICE_ALREADY_PAID']);
  const detail = (await app.get(`/billing/detail?invoice=${invoice.invoice}`, key)).body.data[0];
  expect([detail.status, detail.reference_no]).toEqual(['SUDAH BAYAR', 'BANK-A-1']);
  expect(guide).toContain('`getBillingDetail?invoice=NOMOR`');
});

it('points to commands, workflows and files that exist', () => {
  const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const commands = [...guide.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
  expect(commands.filter((c) => !(c in scripts))).toEqual([]);
  expect(commands).toEqual(expect.arrayContaining(['keys', 'workflows', 'invoices:generate']));
  for (const workflowId of partnerWorkflows) expect(guide).toContain(`\`${workflowId}\``);
  for (const name of [POSTMAN_FILES.collection, POSTMAN_FILES.sandbox]) expect(guide).toContain(`generated/postman/${name}`);
  expect(guide).toContain('%%POSTMAN_DOWNLOADS%%');
});

it('is in the rendered docs, with the Postman files as downloads', () => {
  const html = readFileSync(join(repoRoot, 'generated/docs/index.html'), 'utf8');
  expect(html).toContain('Panduan integrasi mitra');
  for (const name of Object.values(POSTMAN_FILES)) {
    const link = new RegExp(`download="${name.replace(/\./g, '\\.')}" href="data:application/json;base64,([A-Za-z0-9+/=]+)"`).exec(html);
    expect(link, name).not.toBeNull();
    expect(Buffer.from(link![1]!, 'base64').toString()).toBe(readFileSync(join(repoRoot, 'generated/postman', name), 'utf8'));
  }
});
