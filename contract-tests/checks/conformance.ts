// The checks applied to every response, named as Schemathesis names them, plus the API's own
// error_code check.
import { walkJson } from '../../lib/json-walk.js';
import { documented, excerpt, fail, pass, type Check } from './types.js';
import { undocumentedEnumValue, undocumentedProperty } from './undocumented.js';

/** No 500, and no other 5xx unless the operation documents it (502/503: an upstream system failed). */
export const notAServerError: Check = ({ exchange, operation }) => {
  const name = 'not_a_server_error';
  if (exchange.error) return fail(name, 'a response', `no response: ${exchange.error}`);
  const status = exchange.response!.status;
  const documentedUpstream = status !== 500 && operation.responses.has(String(status));
  return status < 500 || documentedUpstream ? pass(name) : fail(name, 'a status below 500', `${status} ${excerpt(exchange.response!.text)}`);
};

export const statusCodeConformance: Check = (ctx) => {
  if (!ctx.exchange.response) return undefined;
  const name = 'status_code_conformance';
  const status = ctx.exchange.response.status;
  return documented(ctx) ? pass(name) : fail(name, `one of ${[...ctx.operation.responses.keys()].join(', ')}`, `${status} ${excerpt(ctx.exchange.response.text)}`);
};

export const contentTypeConformance: Check = (ctx) => {
  const response = documented(ctx);
  if (!response || !ctx.exchange.response) return undefined;
  const name = 'content_type_conformance';
  const actual = (ctx.exchange.response.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (!response.mediaType) return pass(name);
  return actual === response.mediaType ? pass(name) : fail(name, response.mediaType, actual || '(no Content-Type)');
};

export const responseHeadersConformance: Check = (ctx) => {
  const response = documented(ctx);
  if (!response || !ctx.exchange.response || Object.keys(response.headers).length === 0) return undefined;
  const name = 'response_headers_conformance';
  for (const [header, pointer] of Object.entries(response.headers)) {
    const raw = ctx.exchange.response.headers[header];
    if (raw === undefined) return fail(name, `header ${header}`, 'missing');
    const value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    const problems = ctx.contract.validator.validate(pointer, value);
    if (problems.length > 0) return fail(name, `header ${header} valid`, `${header}: ${raw} (${problems.join('; ')})`);
  }
  return pass(name);
};

/** The body validates against the documented schema as the contract states it (a contract finding),
 * and as the reference server's own rules complete it (a reference-server finding). */
export const responseSchemaConformance: Check = (ctx) => {
  const response = documented(ctx);
  if (!response?.schemaPointer || !ctx.exchange.response) return undefined;
  const name = 'response_schema_conformance';
  const { json, text } = ctx.exchange.response;
  if (json === undefined) return fail(name, 'a JSON body', excerpt(text));
  const schema = response.schemaPointer.replace(/^#\//, '');
  const problems = ctx.contract.contractValidator.validate(response.schemaPointer, json);
  if (problems.length > 0) return fail(name, `a body valid against ${schema}`, `${problems.slice(0, 5).join('; ')} in ${excerpt(text)}`);
  const own = ctx.contract.validator.validate(response.schemaPointer, json);
  if (own.length > 0) return fail(name, `a body valid against ${schema} with the reference server's own rules`, `${own.slice(0, 5).join('; ')} in ${excerpt(text)}`, 'reference');
  return pass(name);
};

/** An error_code the reference names comes only with the operations and statuses that document it;
 * a code of the reference server's own naming is held to the same only where its rules bind:
 * elsewhere it is checked by its status and envelope (the schema) alone. */
export const errorCodeConformance: Check = (ctx) => {
  const body = ctx.exchange.response?.json as { error_code?: unknown } | undefined;
  if (typeof body?.error_code !== 'string') return undefined;
  const name = 'error_code_conformance';
  const code = body.error_code;
  const response = documented(ctx);
  if (!response) return undefined; // status_code_conformance reports it
  if (response.errorCodes.includes(code)) return pass(name);
  const expected = `for ${ctx.exchange.response!.status}: ${response.errorCodes.join(', ') || 'no error_code'}`;
  return ctx.contract.statedErrorCodes.has(code) ? fail(name, expected, code) : fail(name, `the reference server's codes ${expected}`, code, 'reference');
};

// What no answer may carry: a password hash, a stack trace, SQL, or (outside a sandbox) an OTP.
const BCRYPT_HASH = /\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}/;
const SECRET_KEYS = /^(password|password_hash|passwd|pwd|secret|api_key_hash|key_hash|code_hash|remember_token)$/i;
const STACK_TRACE = [
  /\n\s+at .+[:(]\d+:\d+\)?/, // JavaScript
  /Traceback \(most recent call last\)/, // Python
  /\.php(:\d+| on line \d+)|#\d+ \/.+\.php\(\d+\)|Stack trace:\s*#0/, // PHP, Laravel
  /\bat [a-z]+(\.[A-Za-z0-9_$]+)+\([A-Za-z0-9_]+\.java:\d+\)/, // Java
];
const SQL_TEXT = [
  /\b(select\s+[\w*,\s."`]+\s+from|insert\s+into|update\s+[\w."`]+\s+set|delete\s+from)\s+[\w."`]+/i,
  /SQLSTATE\[|syntax error at or near|SQLITE_[A-Z]+|(?<![A-Z_])ER_[A-Z_]{4,}|relation "[^"]+" does not exist|PDOException|QueryException/,
];

/** Every string anywhere in a JSON value, with the property that holds it (none for an item of a
 * list or the root); walked without recursion, so that a target's body nested thousands of levels
 * deep is checked rather than overflowing the suite's stack. */
function strings(value: unknown): { key?: string; text: string }[] {
  const found: { key?: string; text: string }[] = [];
  walkJson(value, (item, key) => {
    if (typeof item === 'string') found.push({ key, text: item });
  });
  return found;
}

/** No response carries a password hash or secret field, a stack trace, SQL text, or an OTP where the target is not a sandbox. */
export const sensitiveDataExposure: Check = ({ exchange, config }) => {
  const response = exchange.response;
  if (!response) return undefined;
  const name = 'sensitive_data_exposure';
  const text = response.text;
  if (BCRYPT_HASH.test(text)) return fail(name, 'no password hash', `a bcrypt hash in ${excerpt(text)}`);
  const found = strings(response.json);
  // The properties whose value is text (a validation error's `{"password": [...]}` names a field, it carries no secret).
  const keys = found.filter((f) => f.key !== undefined && f.text !== '').map((f) => f.key!);
  const secret = keys.find((key) => SECRET_KEYS.test(key));
  if (secret) return fail(name, 'no secret field', `"${secret}" in ${excerpt(text)}`);
  // A sandbox echoes OTPs on purpose: a target configured with otpEcho, and a mock serving the spec's examples.
  const sandbox = config.otpEcho || config.profile === 'mock';
  if (!sandbox && keys.includes('otp')) return fail(name, 'no OTP in a response (the target is not configured as a sandbox: otpEcho)', excerpt(text));
  // In the body as sent, and in its JSON strings, where a trace's line breaks are escaped.
  const texts = [text, ...found.map((f) => f.text)];
  if (texts.some((t) => STACK_TRACE.some((pattern) => pattern.test(t)))) return fail(name, 'no stack trace', excerpt(text));
  if (texts.some((t) => SQL_TEXT.some((pattern) => pattern.test(t)))) return fail(name, 'no SQL text', excerpt(text));
  return pass(name);
};

/** The checks that read only a response's status and headers. */
export const HEAD_CHECKS: Check[] = [notAServerError, statusCodeConformance, contentTypeConformance, responseHeadersConformance];

export const RESPONSE_CHECKS: Check[] = [
  notAServerError, statusCodeConformance, contentTypeConformance, responseHeadersConformance, responseSchemaConformance, errorCodeConformance,
  sensitiveDataExposure, undocumentedProperty, undocumentedEnumValue,
];
