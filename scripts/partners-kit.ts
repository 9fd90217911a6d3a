// The partners' kit, built with the docs: code samples on every operation (x-codeSamples of the docs'
// document), the Postman collection and its environments (generated/postman/, and downloadable from
// the docs' introduction), and the partners' integration guide (docs/partners/panduan-integrasi.md,
// Indonesian) as a section of the introduction.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JsonObject } from '../lib/spec/bundle.js';
import { withCodeSamples } from './code-samples.js';
import { postmanCollection, postmanEnvironments } from './postman.js';

export const GUIDE_FILE = resolve(import.meta.dirname, '../docs/partners/panduan-integrasi.md');
export const POSTMAN_FILES = {
  collection: 'jwi.postman_collection.json',
  sandbox: 'jwi-sandbox.postman_environment.json',
  production: 'jwi-production.postman_environment.json',
} as const;

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Download links that work wherever the single-file docs are opened: the files as data: URLs. */
function downloadLinks(files: { name: string; label: string; text: string }[]): string {
  return files.map(({ name, label, text }) =>
    `- <a download="${name}" href="data:application/json;base64,${Buffer.from(text).toString('base64')}">${label}</a> (\`${name}\`)`).join('\n');
}

/** Writes generated/postman/ and returns the docs' document (with code samples) and its guide section. */
export async function writePartnersKit(spec: JsonObject, out: string): Promise<{ docsSpec: JsonObject; introduction: string }> {
  const environments = postmanEnvironments(spec);
  const files = [
    { name: POSTMAN_FILES.collection, label: 'Koleksi Postman', text: json(await postmanCollection(spec)) },
    { name: POSTMAN_FILES.sandbox, label: 'Environment sandbox (npm start, key dan login demo)', text: json(environments.sandbox) },
    { name: POSTMAN_FILES.production, label: 'Environment produksi (placeholder)', text: json(environments.production) },
  ];
  mkdirSync(join(out, 'postman'), { recursive: true });
  for (const file of files) writeFileSync(join(out, 'postman', file.name), file.text);
  const guide = readFileSync(GUIDE_FILE, 'utf8');
  if (!guide.includes('%%POSTMAN_DOWNLOADS%%')) throw new Error(`${GUIDE_FILE} lost its %%POSTMAN_DOWNLOADS%% line`);
  return { docsSpec: withCodeSamples(spec), introduction: guide.replace('%%POSTMAN_DOWNLOADS%%', downloadLinks(files)) };
}
