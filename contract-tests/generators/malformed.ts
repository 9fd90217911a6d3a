// Malformed requests, per media type: bodies a sloppy client or an attacker sends. Each must be
// refused with a 4xx the operation documents (in its family's shape: the response checks see to
// that), never a 5xx. JSON: cut short, a root that is not an object, a byte that is not UTF-8, the
// right JSON under a wrong Content-Type or none, no body; and, as a probe (the contract sets no
// nesting limit: any documented answer but a server error), a valid body with a property nested
// 10,000 levels deep, which a step that walks bodies by recursion fails on (sent to the operations
// without a rate limit: one walk of every body is what fails). Multipart: a boundary that is not the
// Content-Type's, no boundary, no file part, two files, an empty file, the file in another field,
// bytes that are not the declared image type.
import { negativeDataRejection } from '../checks/expectations.js';
import type { Operation } from '../contract.js';
import { mayWrite } from '../profiles.js';
import type { RequestParts, Session } from '../session.js';
import { baseRequest } from '../world.js';
import { TINY_PNG } from '../../lib/spec/examples.js';
import { bodySchemaOf, isMultipart } from './examples.js';

interface Malformed {
  label: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** Not necessarily malformed: checked only against the contract (no 5xx, a documented answer). */
  probe?: true;
}

const DEEP_LEVELS = 10_000;

function jsonVariants(valid: string, requiresFields: boolean): Malformed[] {
  const json = { 'Content-Type': 'application/json' };
  const variants: Malformed[] = [
    { label: 'JSON cut short', headers: json, body: valid.slice(0, Math.max(1, Math.floor(valid.length / 2))) },
    { label: 'a JSON string as the root', headers: json, body: '"not an object"' },
    { label: 'a JSON array as the root', headers: json, body: '[1,2,3]' },
    // Between two tokens, where no decoder can make it valid JSON.
    { label: 'a byte that is not UTF-8', headers: json, body: new Uint8Array([...Buffer.from('{'), 0xff, 0xfe, ...Buffer.from(valid.slice(1))]) },
    {
      label: `a property nested ${DEEP_LEVELS.toLocaleString('en')} levels deep`, headers: json, probe: true,
      body: `${valid.slice(0, -1)}${valid === '{}' ? '' : ','}"nested":${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}}`,
    },
  ];
  // A body the target ignores (it is not declared as JSON) leaves required fields missing: only then
  // must it be refused.
  if (requiresFields) {
    variants.push(
      { label: 'valid JSON sent as text/plain', headers: { 'Content-Type': 'text/plain' }, body: valid },
      { label: 'valid JSON without a Content-Type', headers: { 'Content-Type': '' }, body: valid },
      { label: 'no body at all', headers: json, body: '' },
    );
  }
  return variants;
}

const BOUNDARY = 'contract-suite-boundary';
const part = (name: string, content: Uint8Array | string, file?: { filename: string; type: string }) => Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n`),
  Buffer.from(content),
  Buffer.from('\r\n'),
]);
const form = (...parts: Buffer[]) => new Uint8Array(Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]));
const photo = (field = 'photo', bytes: Uint8Array | string = TINY_PNG, type = 'image/png') => part(field, bytes, { filename: 'photo.png', type });

function multipartVariants(): Malformed[] {
  const multipart = { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` };
  const other = Buffer.from(form(photo()).toString().replaceAll(BOUNDARY, 'another-boundary'));
  return [
    { label: 'a boundary that is not the Content-Type\'s', headers: multipart, body: new Uint8Array(other) },
    { label: 'a Content-Type without a boundary', headers: { 'Content-Type': 'multipart/form-data' }, body: form(photo()) },
    { label: 'a body cut off before its end', headers: multipart, body: new Uint8Array(photo().subarray(0, 60)) },
    { label: 'no file part, only a field', headers: multipart, body: form(part('photo', 'not a file')) },
    { label: 'two files', headers: multipart, body: form(photo(), photo()) },
    { label: 'an empty file', headers: multipart, body: form(photo('photo', '')) },
    { label: 'the file in another field', headers: multipart, body: form(photo('avatar')) },
    { label: 'bytes that are not the declared image type', headers: multipart, body: form(photo('photo', '<?php echo 1; ?>', 'image/png')) },
  ];
}

function variantsOf(session: Session, op: Operation, base: RequestParts): Malformed[] {
  if (isMultipart(op)) return multipartVariants();
  const schema = bodySchemaOf(op);
  if (!schema) return [];
  const resolved = typeof schema.$ref === 'string' ? session.contract.resolve(schema.$ref) : schema;
  return jsonVariants(JSON.stringify(base.body ?? {}), ((resolved.required ?? []) as string[]).length > 0);
}

export async function malformedPhase(session: Session): Promise<void> {
  if (session.config.profile === 'mock') {
    session.results.skip('malformed', 'malformed bodies', 'a mock checks its schemas only: what it answers to a broken body is its own');
    return;
  }
  for (const op of session.selected) {
    if (!mayWrite(session.config.profile, op)) continue; // a target that took a broken body could act on it
    const base = baseRequest(session, op.key, session.world.customer?.token ?? session.world.newcomer?.token);
    for (const variant of variantsOf(session, op, base)) {
      // A probe binds nothing: a rate-limited operation's budget goes to the refusals and the later
      // phases (the README's table of phases says where the probe goes).
      if (variant.probe && op.responses.has('429')) continue;
      const { body: _, multipart: __, ...rest } = base;
      const request: RequestParts = { ...rest, headers: { ...base.headers, ...variant.headers }, rawBody: variant.body };
      await session.call('malformed', variant.label, op.key, request, variant.probe ? [] : [negativeDataRejection(variant.label)]);
    }
  }
}
