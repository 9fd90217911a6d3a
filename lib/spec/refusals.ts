// How the API answers a request it refuses before acting on it: the validator's findings about the
// request's values, or a body that could not be read at all, become the error family the operation
// documents: Laravel's 422 `{message, errors}` for the user operations, a billing `error_code` in the
// envelope for the billing ones. Read from the spec once (which operations use the billing envelope,
// the HTTP status of each error_code, which bodies must carry one of some fields). The reference
// server (server/http/error-handler.ts) and the MSW handlers (mock/msw/) both answer with it.
import type { components } from '../../generated/server-api.js';
import { deref, type JsonObject, type SpecOperation } from './document.js';

type Schemas = components['schemas'];
export type ErrorCode = Schemas['ErrorCode'];

export interface Finding {
  path: string; // '/body/email', '/query/company_id'
  message: string; // Ajv's message
  errorCode?: string; // the failed keyword first: 'required.openapi.validation', 'pattern', ...
}

export interface Refusal {
  status: number;
  body: Schemas['ValidationError'] | Schemas['BillingError'];
}

export const VALIDATION_MESSAGE = 'The given data was invalid.';

/** What is said about a body that cannot be read as the operation's media type. */
export const BODY_MESSAGES = {
  notJson: 'The request body must be sent as JSON (Content-Type: application/json).',
  invalidJson: 'The request body is not valid JSON.',
  notMultipart: (field: string) => `The request body must be sent as multipart/form-data, with the file in the field "${field}".`,
  invalidMultipart: 'The request body is not valid multipart/form-data (check the boundary in Content-Type against the body).',
};

/** Laravel's message for a request that has none of `names`, one of which is required. */
export const oneOfRequiredMessage = (names: string[]): string =>
  `Parameter ${names.length > 1 ? `${names.slice(0, -1).join(', ')} atau ${names.at(-1)}` : names.join('')} wajib diisi salah satu.`;

/** `/body/data/key` is `data.key`; array positions are dropped (`tokens`, not `tokens.0`). */
const fieldOf = (finding: Finding): string => {
  const [, , ...rest] = finding.path.split('/');
  return rest.filter((s) => !/^\d+$/.test(s)).join('.') || 'body';
};

/** Laravel's wording ("The company id field is required.") for one finding. */
export function laravelMessage(finding: Finding, field: string): string {
  const label = field.replace(/_/g, ' ').replace(/\./g, ' ');
  const keyword = (finding.errorCode ?? '').split('.')[0];
  const number = /(\d+)/.exec(finding.message)?.[1];
  switch (keyword) {
    case 'required':
      return `The ${label} field is required.`;
    case 'type':
      if (finding.message.includes('integer')) return `The ${label} must be an integer.`;
      if (finding.message.includes('number')) return `The ${label} must be a number.`;
      if (finding.message.includes('boolean')) return `The ${label} field must be true or false.`;
      if (finding.message.includes('object')) return `The ${label} must be an object.`;
      if (finding.message.includes('array')) return `The ${label} must be an array.`;
      return `The ${label} must be a string.`;
    case 'format':
      return finding.message.includes('email') ? `The ${label} must be a valid email address.` : `The ${label} format is invalid.`;
    case 'minLength':
      return `The ${label} must be at least ${number} characters.`;
    case 'maxLength':
      return `The ${label} may not be greater than ${number} characters.`;
    case 'minimum':
      return `The ${label} must be at least ${number}.`;
    case 'maximum':
      return `The ${label} may not be greater than ${number}.`;
    case 'enum':
    case 'const':
      return `The selected ${label} is invalid.`;
    case 'nul':
      return `The ${label} may not contain a NUL character.`;
    default:
      return `The ${label} format is invalid.`;
  }
}

/** One message per rejected field, from the field's first finding (as Laravel stops at a field's first
 * failed rule). `alternatives`: the fields of which the body must have one (the operation's `anyOf` of
 * required lists); the validator reports each of them as missing, and the anyOf against the body. */
export function laravelErrors(findings: Finding[], alternatives: string[] = []): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const isAnyOf = (f: Finding) => f.path === '/body' && (f.errorCode?.startsWith('anyOf') ?? false);
  if (alternatives.length > 0 && findings.some(isAnyOf)) {
    errors[alternatives[0]!] = [oneOfRequiredMessage(alternatives)];
    findings = findings.filter((f) => !isAnyOf(f) && !(f.errorCode?.startsWith('required') && alternatives.includes(fieldOf(f))));
  }
  for (const finding of findings) {
    const field = fieldOf(finding);
    errors[field] ??= [laravelMessage(finding, field)];
  }
  return Object.keys(errors).length > 0 ? errors : { body: ['The request is invalid.'] };
}

export const BILLING_MESSAGES: Partial<Record<ErrorCode, string>> = {
  NO_SERVICES_OR_INVOICE_REQUIRED: 'Parameter no_services atau invoice wajib dikirim.',
  NO_SERVICES_REQUIRED: 'Parameter no_services wajib dikirim.',
  INVALID_NO_SERVICES_FORMAT: 'Format no_services tidak valid. Gunakan kombinasi huruf/angka yang benar.',
  INVALID_INVOICE_FORMAT: 'Format invoice tidak valid. Gunakan nomor invoice, pisahkan dengan koma.',
  INVALID_STATUS_FILTER: 'Nilai status tidak valid. Gunakan SUDAH BAYAR, BELUM BAYAR, paid, unpaid atau all.',
  INVALID_MONTH: 'Nilai month tidak valid. Gunakan angka 1 sampai 12.',
  INVALID_YEAR: 'Nilai year tidak valid. Gunakan tahun empat digit, contoh 2026.',
  VALIDATION_FAILED: 'Field invoice, no_services dan reference_no wajib diisi dengan format yang benar.',
};

/** The billing error_code of the first finding, for the operation `method path`. */
export function billingErrorCode(findings: Finding[], operation: string): ErrorCode {
  const first = findings[0];
  const field = first ? fieldOf(first) : 'body';
  const missing = first?.errorCode?.startsWith('required') ?? false;
  if (operation === 'POST /billing/mark-as-paid') return field === 'no_services' && !missing ? 'INVALID_NO_SERVICES_FORMAT' : 'VALIDATION_FAILED';
  if (field === 'no_services') return missing ? 'NO_SERVICES_REQUIRED' : 'INVALID_NO_SERVICES_FORMAT';
  if (field === 'invoice') return 'INVALID_INVOICE_FORMAT';
  if (field === 'status') return 'INVALID_STATUS_FILTER';
  if (field === 'month') return 'INVALID_MONTH';
  if (field === 'year') return 'INVALID_YEAR';
  return 'VALIDATION_FAILED';
}

/** What decides how an operation's refusals are answered, read once per operation (the server's
 * operation registry and the mock's operations carry it). */
export interface RefusalFamily {
  /** `METHOD /path`, e.g. `POST /billing/mark-as-paid`. */
  key: string;
  /** `billing`: validation errors are a billing envelope (`error_code`); `validation`: Laravel's 422. */
  errorFamily: 'validation' | 'billing';
  /** The fields of which the operation's JSON body must carry one (its `anyOf` of required lists), or []. */
  alternatives: string[];
}

export interface Refusals {
  /** The billing envelope of `code`, with the HTTP status the spec gives it (ErrorCode's x-http-status). */
  billing(code: ErrorCode, message: string): Refusal;
  /** The answer to a request whose values the validator refused. */
  invalid(operation: RefusalFamily, findings: Finding[]): Refusal;
  /** The answer to a request whose body could not be read: `field` is the field concerned, or `body`. */
  unreadable(operation: RefusalFamily, field: string, message: string): Refusal;
}

/** `anyOf: [{required: [a]}, {required: [b]}]` at the root of a JSON body: [a, b]. */
function alternatives(spec: JsonObject, operation: JsonObject): string[] {
  const content = ((operation.requestBody as JsonObject | undefined)?.content ?? {}) as JsonObject;
  const schema = (content['application/json'] as JsonObject | undefined)?.schema;
  const branches = (schema ? (deref(spec, schema) as JsonObject).anyOf : undefined) as JsonObject[] | undefined;
  const names = (branches ?? []).map((branch) => (Object.keys(branch).length === 1 ? (branch.required as string[] | undefined) : undefined));
  return names.every((n) => n?.length === 1) ? names.map((n) => n![0]!) : [];
}

/** The refusal family of one operation of the spec: the billing envelope for an API-key operation
 * whose 422 is not Laravel's ValidationError. */
export function refusalFamily(spec: JsonObject, op: SpecOperation): RefusalFamily {
  const response = deref(spec, (op.definition.responses as JsonObject)['422'] ?? {}) as JsonObject;
  const billing = op.security === 'apiKey' && !JSON.stringify(response).includes('ValidationError');
  return { key: `${op.method} ${op.path}`, errorFamily: billing ? 'billing' : 'validation', alternatives: alternatives(spec, op.definition) };
}

export function readRefusals(spec: JsonObject): Refusals {
  const errorCode = deref(spec, { $ref: '#/components/schemas/ErrorCode' }) as JsonObject;
  const statusOf = errorCode['x-http-status'] as Record<ErrorCode, number>;
  const billing = (code: ErrorCode, message: string): Refusal => ({ status: statusOf[code], body: { status: false, error_code: code, message } });
  const billingFor = (findings: Finding[], operation: string) => {
    const code = billingErrorCode(findings, operation);
    return billing(code, BILLING_MESSAGES[code]!);
  };
  const laravel = (errors: Record<string, string[]>): Refusal => ({ status: 422, body: { message: VALIDATION_MESSAGE, errors } });
  return {
    billing,
    invalid: (operation, findings) =>
      operation.errorFamily === 'billing' ? billingFor(findings, operation.key) : laravel(laravelErrors(findings, operation.alternatives)),
    unreadable: (operation, field, message) =>
      operation.errorFamily === 'billing' ? billingFor([{ path: `/${field}`, message }], operation.key) : laravel({ [field]: [message] }),
  };
}
