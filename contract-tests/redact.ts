// Nothing the suite writes (console, JUnit, Markdown and HTML reports) carries a credential: the
// configured secrets, bearer tokens, and the password, OTP and token fields of any body are written
// as [Filtered], as Schemathesis does; the curl lines take the credentials from the environment
// ($JWI_TOKEN, $JWI_API_KEY). Backend teams publish these files as CI artifacts.
import type { SuiteConfig } from './config.js';

export const FILTERED = '[Filtered]';

/** Body fields whose value is a credential, wherever they appear (requests, answers, excerpts). */
const SECRET_FIELDS = ['token', 'access_token', 'refresh_token', 'password', 'password_confirmation', 'current_password', 'new_password', 'otp', 'secret', 'api_key', 'jwt_secret', 'apiKey', 'jwtSecret', 'restrictedApiKey'];
// The value's closing quote is optional: an excerpt may cut a value short.
const FIELD = new RegExp(`("(?:${SECRET_FIELDS.join('|')})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"?|-?\\d+)`, 'g');
/** A JWT (header.payload.signature, base64url), signed or not. */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer\s+)(?!\$JWI_TOKEN)[^\s'",]+/gi;
/** A key= or token= pair in a query string or form body. */
const PAIR = new RegExp(`\\b((?:${SECRET_FIELDS.join('|')})=)[^&\\s'"]+`, 'g');

export type Redact = (text: string) => string;

/** The redaction for a run: the configured secrets by value, and credentials by their shape. */
export function redactor(config: Pick<SuiteConfig, 'apiKey' | 'restrictedApiKey' | 'jwtSecret' | 'customer' | 'otherCustomers'>): Redact {
  const secrets = [config.apiKey, config.restrictedApiKey, config.jwtSecret, config.customer?.password, ...(config.otherCustomers ?? []).map((c) => c.password)]
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(FIELD, `$1"${FILTERED}"`).replace(JWT, FILTERED).replace(BEARER, `$1${FILTERED}`).replace(PAIR, `$1${FILTERED}`);
    for (const secret of secrets) out = out.split(secret).join(FILTERED);
    return out;
  };
}
