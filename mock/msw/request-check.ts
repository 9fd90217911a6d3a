// What the handlers refuse before answering, as the API does: a request without the credentials its
// operation needs, and a request the spec's validator (lib/spec/validator.ts) refuses, answered in
// the operation's error family by the same decision as the reference server's (lib/spec/refusals.ts).
// Credentials are checked for presence only: the handlers keep no accounts.
import { BODY_MESSAGES, type Finding, type Refusal, type Refusals } from '../../lib/spec/refusals.js';
import { queryValue } from '../../lib/spec/query.js';
import type { SchemaProblem, SchemaValidator } from '../../lib/spec/validator.js';
import type { MockOperation } from './operations.js';

const BEARER = /^Bearer\s+\S+/i;

/** Whether the request lacks the credentials its operation needs (a bearer token, an API key). */
export function missingCredentials(op: MockOperation, request: Request): boolean {
  if (op.security === 'bearer') return !BEARER.test(request.headers.get('Authorization') ?? '');
  if (op.security === 'apiKey') return !(request.headers.get('X-MYWIFI-KEY') ?? '').trim();
  return false;
}

/** Ajv's problems as the reference server's validator words its findings: where (`/body/email`,
 * `/query/year`) and which keyword failed; a missing property is a finding about that property. */
function findingsOf(where: string, problems: SchemaProblem[]): Finding[] {
  return problems.map((p) => {
    const missing = p.keyword === 'required' ? `/${String(p.params.missingProperty)}` : '';
    return { path: `${where}${p.path}${missing}`, message: p.message, errorCode: `${p.keyword}.openapi.validation` };
  });
}

const mediaTypeOf = (request: Request) => (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();

/** The body as the validator sees it, or the message saying why it cannot be read. */
async function readBody(op: MockOperation, request: Request): Promise<{ value: unknown } | { unreadable: string } | undefined> {
  const body = op.body!;
  if (body.media === 'multipart/form-data') {
    if (mediaTypeOf(request) !== 'multipart/form-data') return { unreadable: BODY_MESSAGES.notMultipart(body.fileFields.join(', ')) };
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return { unreadable: BODY_MESSAGES.invalidMultipart };
    }
    const value: Record<string, string> = {};
    // A file is a binary string to the validator; text in a file's field is no file.
    for (const [name, part] of form) {
      if (typeof part !== 'string') value[name] = '';
      else if (!body.fileFields.includes(name)) value[name] = part;
    }
    return { value };
  }
  const text = await request.text();
  if (!text) return body.required ? { unreadable: BODY_MESSAGES.notJson } : undefined;
  if (mediaTypeOf(request) !== 'application/json') return { unreadable: BODY_MESSAGES.notJson };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { unreadable: BODY_MESSAGES.invalidJson };
  }
}

/** The answer to a request the operation refuses as invalid, or undefined when it is valid. */
export async function refuseInvalid(op: MockOperation, request: Request, validator: SchemaValidator, refusals: Refusals): Promise<Refusal | undefined> {
  const query = new URL(request.url).searchParams;
  const findings: Finding[] = [];
  for (const parameter of op.parameters.filter((p) => p.in === 'query')) {
    const text = query.get(parameter.name);
    if (text === null) {
      if (parameter.required) findings.push({ path: `/query/${parameter.name}`, message: `must have required property '${parameter.name}'`, errorCode: 'required.openapi.validation' });
      continue;
    }
    findings.push(...findingsOf(`/query/${parameter.name}`, validator.problemsAgainst(parameter.schema, queryValue(parameter.schema, text))));
  }
  if (op.body) {
    const body = await readBody(op, request);
    if (body && 'unreadable' in body) return refusals.unreadable(op, 'body', body.unreadable);
    if (body) findings.push(...findingsOf('/body', validator.problemsAgainst(op.body.schema, body.value)));
  }
  return findings.length > 0 ? refusals.invalid(op, findings) : undefined;
}
