// Everything the suite needs to know about its target, in one place: a JSON file (--config) with
// command-line flags over it. A check whose fixture is missing skips, saying what to configure.
import { readFileSync } from 'node:fs';
import { baseUrlProblem } from '../lib/cli-args.js';

export type Profile = 'reference' | 'mock' | 'production';

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
  /** Accept properties the schema does not declare (for lenient targets). */
  tolerateExtraFields: boolean;
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
  tolerateExtraFields: false,
  timeoutMs: 10_000,
  maxWaitSeconds: 65,
  limitedRequests: 6,
  failOnUncovered: false,
  expectUncovered: {},
};

/** How the suite is run: `npm run contract --` here, `jwi-contract` as the installed command (set when it is packed). */
const COMMAND = process.env.JWI_CONTRACT_COMMAND ?? 'npm run contract --';

export const USAGE = `usage: ${COMMAND} --base-url URL [options]

  --base-url URL         the API to check (with /api for the reference server and production)
  --config FILE          JSON file with any of the settings below, and the fixtures
  --profile NAME         reference (everything), mock (a stateless Prism mock), production (read-mostly)
  --api-key KEY          X-MYWIFI-KEY for the billing and API-key notification operations
  --only TAG|OPERATION   only these operations (repeatable; a tag or an operationId)
  --seed N               seed of the generated data (default 42): the same seed sends the same requests
  --examples N           fuzzed requests per operation (default 25)
  --limited-requests N   generated requests per phase for an operation that documents 429 (default 6)
  --max-wait S           wait out a 429 whose Retry-After is at most S seconds (default 65); past it,
                         the operation is reported as rate limited and not sent again for a while
  --junit FILE           JUnit XML of the checks and of the coverage matrix
  --report FILE          the coverage matrix and failures as Markdown (.md) or HTML (.html)
  --fail-on-uncovered    fail when a documented outcome was never exercised
  --tolerate-extra-fields  accept response properties the spec does not declare
  --version              the version of the contract it checks
  --help                 this text`;

export class ConfigProblem extends Error {}

/** Builds the configuration from the flags (and the --config file they name). */
export function configFromArgs(args: Record<string, string | boolean | string[] | undefined>): SuiteConfig {
  const file = typeof args.config === 'string' ? readConfigFile(args.config) : {};
  const number = (name: string, value: unknown) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new ConfigProblem(`--${name} must be a whole number`);
    return n;
  };
  const config: SuiteConfig = { ...DEFAULTS, ...file, baseUrl: String(args['base-url'] ?? file.baseUrl ?? '') } as SuiteConfig;
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
  if (args['tolerate-extra-fields']) config.tolerateExtraFields = true;

  const problem = baseUrlProblem(config.baseUrl || undefined, 'http://127.0.0.1:3000/api');
  if (problem) throw new ConfigProblem(`${problem}\n\n${USAGE}`);
  config.baseUrl = config.baseUrl.replace(/\/+$/, '');
  if (!['reference', 'mock', 'production'].includes(config.profile)) throw new ConfigProblem('--profile must be reference, mock or production');
  return config;
}

function readConfigFile(path: string): Partial<SuiteConfig> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Partial<SuiteConfig>;
  } catch (error) {
    throw new ConfigProblem(`--config ${path}: ${(error as Error).message}`);
  }
}
