// Everything the suite needs to know about its target, in one place: a JSON file (--config) with
// command-line flags over it. A check whose fixture is missing skips, saying what to configure.
import { readFileSync } from 'node:fs';
import { baseUrlProblem } from '../lib/cli-args.js';
import { CHECKS, isCheckName, type CheckName } from './checks/registry.js';
import { PROFILE_HELP, PROFILES, type Profile } from './profiles.js';

export type { Profile } from './profiles.js';

export interface SuiteConfig {
  /** Base URL of the API, including /api for the reference server and production. */
  baseUrl: string;
  profile: Profile;
  /** X-MYWIFI-KEY of an active partner key: needed by the billing and API-key notification checks. */
  apiKey?: string;
  /** An existing customer with invoices (billing checks), and its login (when it may log in). */
  customer?: { noServices: string; identifier?: string; password?: string };
  /** More customers with their login, whose line status (network-status) is read too. */
  otherCustomers?: { noServices: string; identifier?: string; password?: string }[];
  /** The target returns the OTP in forgot-password (sandbox): enables the password-reset scenario. */
  otpEcho: boolean;
  /** The target's JWT secret: enables the expired-token check (an expired token must be signed to be meaningful). */
  jwtSecret?: string;
  /** A partner key limited to addresses this suite does not come from: produces IP_NOT_ALLOWED. */
  restrictedApiKey?: string;
  /** Only operations with this tag or operationId (repeatable). */
  only: string[];
  seed: number;
  /** Fuzzed requests per operation. */
  examples: number;
  /** Requests in flight at once during fuzzing. */
  concurrency: number;
  /** The reference server's own rules bind whatever the profile (its findings fail the run). */
  strict: boolean;
  /** Only these checks run (all when empty). */
  checks: CheckName[];
  /** These checks do not run. */
  excludeChecks: CheckName[];
  timeoutMs: number;
  /** The longest Retry-After (seconds) the suite waits out before it reports an operation as rate limited. */
  maxWaitSeconds: number;
  /** Generated requests (boundaries, fuzzing) per phase for each operation that documents 429. */
  limitedRequests: number;
  junit?: string;
  report?: string;
  failOnUncovered: boolean;
  /** Documented outcomes this target cannot produce, with the reason: `"GET /path 503": "why"`. */
  expectUncovered: Record<string, string>;
}

export const DEFAULTS: Omit<SuiteConfig, 'baseUrl'> = {
  profile: 'reference',
  otpEcho: false,
  only: [],
  seed: 42,
  examples: 25,
  concurrency: 8,
  strict: false,
  checks: [],
  excludeChecks: [],
  timeoutMs: 10_000,
  maxWaitSeconds: 65,
  limitedRequests: 6,
  failOnUncovered: false,
  expectUncovered: {},
};

/** How the suite is run: `npm run contract --` here, `jwi-contract` as the installed command (set when it is packed). */
export const COMMAND = process.env.JWI_CONTRACT_COMMAND ?? 'npm run contract --';

export const USAGE = `usage: ${COMMAND} --base-url URL [options]
       ${COMMAND} proxy --upstream URL [options]   check real traffic (${COMMAND} proxy --help)
       ${COMMAND} har FILE... [options]            check HAR files (${COMMAND} har --help)

  --base-url URL         the API to check (with /api for the reference server and production)
  --config FILE          JSON file with any of the settings below, and the fixtures
  --profile NAME         ${PROFILES.map((p) => `${p}: ${PROFILE_HELP[p]}`).join('\n                         ')}
  --strict               hold the target to the reference server's own rules too, in any profile
  --checks A,B           only these checks (names below)
  --exclude-checks A,B   not these checks
  --api-key KEY          X-MYWIFI-KEY for the billing and API-key notification operations
                         (better: the environment variable JWI_API_KEY, which no command line shows)
  --only TAG|OPERATION   only these operations (repeatable; a tag or an operationId)
  --seed N               seed of the generated data (default 42): the same seed sends the same requests
  --examples N           fuzzed requests per operation (default 25)
  --limited-requests N   generated requests per phase for an operation that documents 429 (default 6)
  --max-wait S           wait out a 429 whose Retry-After is at most S seconds (default 65); past it,
                         the operation is reported as rate limited and not sent again for a while
  --junit FILE           JUnit XML of the checks and of the coverage matrix
  --report FILE          the coverage matrix and failures as Markdown (.md) or HTML (.html)
  --fail-on-uncovered    fail when a documented outcome was never exercised
  --tolerate-extra-fields  the same as --exclude-checks undocumented_property
  --version              the version of the contract it checks
  --help                 this text

Secrets may come from the environment instead of the config file: JWI_API_KEY (apiKey),
JWI_RESTRICTED_API_KEY (restrictedApiKey), JWI_CUSTOMER_PASSWORD (customer.password) and
JWI_JWT_SECRET (jwtSecret). Reports never show them.

Checks: ${CHECKS.map((c) => c.name).join(', ')}`;

export class ConfigProblem extends Error {}

/** Builds the configuration from the flags (and the --config file they name). */
export function configFromArgs(args: Record<string, string | boolean | string[] | undefined>, env: Record<string, string | undefined> = process.env): SuiteConfig {
  const file = typeof args.config === 'string' ? readConfigFile(args.config) : {};
  const number = (name: string, value: unknown) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new ConfigProblem(`--${name} must be a whole number`);
    return n;
  };
  const config: SuiteConfig = { ...DEFAULTS, ...file, baseUrl: String(args['base-url'] ?? file.baseUrl ?? '') } as SuiteConfig;
  fromEnvironment(config, env);
  if (args.profile !== undefined) config.profile = args.profile as Profile;
  if (args['api-key'] !== undefined) config.apiKey = String(args['api-key']);
  if (Array.isArray(args.only) && args.only.length > 0) config.only = args.only;
  if (args.seed !== undefined) config.seed = number('seed', args.seed);
  if (args.examples !== undefined) config.examples = number('examples', args.examples);
  if (args['limited-requests'] !== undefined) config.limitedRequests = number('limited-requests', args['limited-requests']);
  if (args['max-wait'] !== undefined) config.maxWaitSeconds = number('max-wait', args['max-wait']);
  if (args.junit !== undefined) config.junit = String(args.junit);
  if (args.report !== undefined) config.report = String(args.report);
  if (args['fail-on-uncovered']) config.failOnUncovered = true;
  if (args.strict) config.strict = true;
  if (args.checks !== undefined) config.checks = checkList('checks', args.checks);
  if (args['exclude-checks'] !== undefined) config.excludeChecks = checkList('exclude-checks', args['exclude-checks']);
  const tolerant = args['tolerate-extra-fields'] || (file as { tolerateExtraFields?: boolean }).tolerateExtraFields === true;
  if (tolerant) config.excludeChecks = [...config.excludeChecks, 'undocumented_property'];
  // The config file's lists are checked as the flags' are.
  config.checks = checkList('checks', config.checks);
  config.excludeChecks = checkList('exclude-checks', config.excludeChecks);

  const problem = baseUrlProblem(config.baseUrl || undefined, 'http://127.0.0.1:3000/api');
  if (problem) throw new ConfigProblem(`${problem}\n\n${USAGE}`);
  config.baseUrl = config.baseUrl.replace(/\/+$/, '');
  if (!PROFILES.includes(config.profile)) throw new ConfigProblem(`--profile must be one of ${PROFILES.join(', ')}`);
  return config;
}

/** Check names from a flag (`a,b`, or the flag repeated) or the config file (a list); an unknown name is a usage error. */
function checkList(flag: string, value: unknown): CheckName[] {
  const names = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isCheckName(n));
  if (unknown.length > 0) throw new ConfigProblem(`--${flag}: no check named ${unknown.join(', ')}; the checks are ${CHECKS.map((c) => c.name).join(', ')}`);
  return names as CheckName[];
}

/** Secrets from the environment, over the config file (a flag, applied after, wins over both). */
function fromEnvironment(config: SuiteConfig, env: Record<string, string | undefined>): void {
  if (env.JWI_API_KEY) config.apiKey = env.JWI_API_KEY;
  if (env.JWI_RESTRICTED_API_KEY) config.restrictedApiKey = env.JWI_RESTRICTED_API_KEY;
  if (env.JWI_JWT_SECRET) config.jwtSecret = env.JWI_JWT_SECRET;
  if (env.JWI_CUSTOMER_PASSWORD && config.customer) config.customer = { ...config.customer, password: env.JWI_CUSTOMER_PASSWORD };
}

function readConfigFile(path: string): Partial<SuiteConfig> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Partial<SuiteConfig>;
  } catch (error) {
    throw new ConfigProblem(`--config ${path}: ${(error as Error).message}`);
  }
}
