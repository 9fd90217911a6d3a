// What the two traffic commands (proxy, har) share on their command lines: how the checks are
// configured (the suite's own settings, read by config.ts), and a mistake said in one line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isArgumentError } from '../../lib/cli-args.js';
import { ConfigProblem, configFromArgs, type SuiteConfig } from '../config.js';

export const CHECK_OPTIONS = {
  profile: { type: 'string' }, strict: { type: 'boolean' }, config: { type: 'string' },
  checks: { type: 'string', multiple: true }, 'exclude-checks': { type: 'string', multiple: true },
  report: { type: 'string' }, junit: { type: 'string' }, help: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const CHECK_USAGE = `  --report FILE          the report: JSON, or the suite's coverage page when FILE ends in .md or .html
  --junit FILE           JUnit XML of the checks and of the coverage matrix
  --profile NAME         staging (default): the contract and security bind; reference: the reference
                         server's own rules too (as --strict); mock: a Prism mock (it echoes OTPs)
  --strict               hold the traffic to the reference server's own rules too
  --config FILE          the suite's config file: otpEcho (a sandbox that answers OTPs), the secrets
                         to keep out of the reports, checks, excludeChecks
  --checks A,B / --exclude-checks A,B   only / not these checks (the suite's names)`;

/** A mistake on the command line: one line saying what to fix, exit code 2. */
export class UsageProblem extends Error {}

/** `write()`, or the one line that says which file could not be written and why. */
export function writing<T>(file: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw new UsageProblem(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): give a path in a folder that exists`);
  }
}

export function parseCommand<T extends ParseArgsConfig>(config: T, command: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (!isArgumentError(error)) throw error;
    throw new UsageProblem(`${error.message.split('\n')[0]} (${command} --help lists the options)`);
  }
}

/** The suite's configuration for checking traffic to `baseUrl`. Its default profile is staging: the
 * traffic is the team's own backend, held to the contract and security. */
export function checkConfig(baseUrl: string, values: Record<string, string | boolean | string[] | undefined>): SuiteConfig {
  try {
    return configFromArgs({ ...values, profile: values.profile ?? 'staging', 'base-url': baseUrl });
  } catch (error) {
    if (error instanceof ConfigProblem) throw new UsageProblem(error.message.split('\n')[0]!);
    throw error;
  }
}
