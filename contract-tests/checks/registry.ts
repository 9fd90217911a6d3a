// Every check the suite knows, with its tier: the one list the command line (--checks,
// --exclude-checks), the reports, the README's table and the proof tests read.
//
// Tiers:
// - contract: what the reference states, or a decision recorded as contract (docs/decisions.md).
//   Binds every implementation, in every profile.
// - security: a security property (OWASP API Security Top 10). Binds every implementation, in every
//   profile; reported as security findings rather than contract conformance.
// - reference: the reference server's own choices (x-reference-server-only in the spec, behaviours
//   docs/decisions.md records as the reference server's). Binds only the reference profile (or
//   --strict); elsewhere a difference is listed, never failed.
//
// A check's tier is the tier of its findings unless the finding says otherwise: a scenario step
// that holds the target to a rule of the reference server's own (the old token refused after a
// refresh, say) reports under the check's name with the reference tier.

export const TIERS = ['contract', 'security', 'reference'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_LABEL: Record<Tier, string> = { contract: 'contract', security: 'security', reference: 'reference server' };
/** The heading of each tier's findings in the reports. */
export const TIER_HEADING: Record<Tier, string> = {
  contract: 'Contract conformance', security: 'Security findings', reference: 'The reference server\'s own rules',
};

export interface CheckInfo {
  name: string;
  tier: Tier;
  /** When it fails, as the README's table says it. */
  failsWhen: string;
}

export const CHECKS = [
  { name: 'not_a_server_error', tier: 'contract', failsWhen: 'a 500, or a 5xx the operation does not document (a documented 502/503 means an upstream system failed)' },
  { name: 'status_code_conformance', tier: 'contract', failsWhen: 'the status is not documented for the operation' },
  { name: 'content_type_conformance', tier: 'contract', failsWhen: 'the Content-Type is not the documented media type' },
  { name: 'response_headers_conformance', tier: 'contract', failsWhen: 'a documented header (e.g. `Retry-After` on 429) is missing or invalid' },
  { name: 'response_schema_conformance', tier: 'contract', failsWhen: 'the body does not validate against the documented schema; what only the reference server\'s own rules (`x-reference-server-only`) refuse is a reference-server finding' },
  { name: 'error_code_conformance', tier: 'contract', failsWhen: 'an `error_code` the reference names comes with an operation or status that does not document it; a code of the reference server\'s own that it does not document there is a reference-server finding (another implementation may name its codes otherwise)' },
  { name: 'negative_data_rejection', tier: 'contract', failsWhen: 'a value outside a constraint is accepted (constraints marked `x-reference-server-only`: reference profile only)' },
  { name: 'positive_data_acceptance', tier: 'contract', failsWhen: 'a value inside every constraint is rejected as invalid' },
  { name: 'ensure_resource_availability', tier: 'contract', failsWhen: 'something created cannot be read back' },
  { name: 'stateful_behaviour', tier: 'contract', failsWhen: 'a step of a flow answers otherwise than the reference says (or, as a reference-server finding, than the reference server does)' },
  { name: 'verified_field_lock', tier: 'contract', failsWhen: 'a field an admin verified can be changed' },
  { name: 'ignored_auth', tier: 'security', failsWhen: 'missing or bad credentials are not refused with 401 (bearer) or 400/403 (API key)' },
  { name: 'use_after_free', tier: 'security', failsWhen: 'a logged-out token or a used OTP still works (a replaced token after a refresh: reference-server finding)' },
  { name: 'object_level_authorization', tier: 'security', failsWhen: 'another account\'s ticket or line status is visible or changeable' },
  { name: 'path_variant_bypass', tier: 'security', failsWhen: 'a respelled path gets a 2xx (only the documented spelling leads to an operation), or an undocumented method gets something else than 404 or 405' },
  { name: 'token_revoked_on_password_change', tier: 'security', failsWhen: 'a token issued before `change-password` or `reset-password`, on any device, still works' },
  { name: 'mass_assignment', tier: 'security', failsWhen: 'a server-owned field sent in a register, subscribe or update body is stored' },
  { name: 'sensitive_data_exposure', tier: 'security', failsWhen: 'a response carries a password hash or a secret field, a stack trace, SQL text, or an OTP where the target is not configured as a sandbox (`otpEcho`)' },
  { name: 'undocumented_property', tier: 'reference', failsWhen: 'a response carries a property its schema does not declare (listed with where it was seen; a new response field breaks no client)' },
  { name: 'undocumented_enum_value', tier: 'reference', failsWhen: 'a response carries a value of an open enum that its `x-extensible-enum` does not list' },
] as const satisfies readonly CheckInfo[];

export type CheckName = (typeof CHECKS)[number]['name'];

const BY_NAME = new Map<string, CheckInfo>(CHECKS.map((check) => [check.name, check]));

export function checkInfo(name: string): CheckInfo {
  const info = BY_NAME.get(name);
  if (!info) throw new Error(`no check named ${name} in the registry`);
  return info;
}

export const isCheckName = (name: string): name is CheckName => BY_NAME.has(name);
