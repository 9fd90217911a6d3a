// Turns the validator's findings into the response family the operation documents: Laravel's
// 422 `{message, errors}` for the user operations, a billing `error_code` for the API-key ones.
import { AppError, oneOfRequiredMessage, type ErrorCode } from '../errors.js';

export interface Finding {
  path: string; // '/body/email', '/query/company_id'
  message: string; // Ajv's message
  errorCode?: string; // 'required.openapi.validation', 'pattern.openapi.validation', ...
}

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
export function laravelValidationError(findings: Finding[], alternatives: string[] = []): AppError {
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
  return AppError.validation(Object.keys(errors).length > 0 ? errors : { body: ['The request is invalid.'] });
}

const BILLING_MESSAGES: Partial<Record<ErrorCode, string>> = {
  NO_SERVICES_OR_INVOICE_REQUIRED: 'Parameter no_services atau invoice wajib dikirim.',
  NO_SERVICES_REQUIRED: 'Parameter no_services wajib dikirim.',
  INVALID_NO_SERVICES_FORMAT: 'Format no_services tidak valid. Gunakan kombinasi huruf/angka yang benar.',
  INVALID_INVOICE_FORMAT: 'Format invoice tidak valid. Gunakan nomor invoice, pisahkan dengan koma.',
  INVALID_STATUS_FILTER: 'Nilai status tidak valid. Gunakan SUDAH BAYAR, BELUM BAYAR, paid, unpaid atau all.',
  INVALID_MONTH: 'Nilai month tidak valid. Gunakan angka 1 sampai 12.',
  INVALID_YEAR: 'Nilai year tidak valid. Gunakan tahun empat digit, contoh 2026.',
  VALIDATION_FAILED: 'Field invoice, no_services dan reference_no wajib diisi dengan format yang benar.',
};

export type BillingErrorFactory = (code: ErrorCode, message: string) => AppError;

/** The billing error_code of the first finding, for the operation `method path`. */
export function billingValidationError(findings: Finding[], operation: string, billingError: BillingErrorFactory): AppError {
  const first = findings[0];
  const field = first ? fieldOf(first) : 'body';
  const missing = first?.errorCode?.startsWith('required') ?? false;
  let code: ErrorCode = 'VALIDATION_FAILED';
  if (operation === 'POST /billing/mark-as-paid') {
    code = field === 'no_services' && !missing ? 'INVALID_NO_SERVICES_FORMAT' : 'VALIDATION_FAILED';
  } else if (field === 'no_services') {
    code = missing ? 'NO_SERVICES_REQUIRED' : 'INVALID_NO_SERVICES_FORMAT';
  } else if (field === 'invoice') {
    code = 'INVALID_INVOICE_FORMAT';
  } else if (field === 'status') {
    code = 'INVALID_STATUS_FILTER';
  } else if (field === 'month') {
    code = 'INVALID_MONTH';
  } else if (field === 'year') {
    code = 'INVALID_YEAR';
  }
  return billingError(code, BILLING_MESSAGES[code]!);
}

export { BILLING_MESSAGES };
