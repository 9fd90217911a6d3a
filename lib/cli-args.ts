// The command lines of the kit's commands, read with node:util's parseArgs. A mistake in one (an
// unknown option, an option without its value, an argument where none is taken) is a usage error:
// one line saying what is wrong, then the usage, and exit code 2; never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Whether `error` is parseArgs' complaint about the command line. */
export function isArgumentError(error: unknown): error is Error {
  return error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}

/** parseArgs of `config`, or the usage error said and the process ended with exit code 2. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (!isArgumentError(error)) throw error;
    return usageFailure(error.message, usage);
  }
}

/** What is wrong with a --base-url value, or undefined when it is an http(s) URL. */
export function baseUrlProblem(value: string | undefined, example: string): string | undefined {
  if (!value) return `--base-url is required: the API's base URL, e.g. ${example}`;
  if (!/^https?:\/\/[^\s/]+\S*$/.test(value) || !URL.canParse(value)) return `--base-url ${JSON.stringify(value)} is not an http(s) URL: give the API's base URL, e.g. ${example}`;
  return undefined;
}

/** Says a usage error (`message`, then the usage) and ends the process with exit code 2. */
export function usageFailure(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

/** `value` of option `--name` as a whole number of at least `min`, or the usage error said and exit code 2. */
export function wholeNumber(name: string, value: string | undefined, min: number, usage: string): number {
  if (value !== undefined && /^\d+$/.test(value) && Number(value) >= min) return Number(value);
  return usageFailure(`--${name} must be a whole number of at least ${min}, not ${JSON.stringify(value ?? '')}`, usage);
}
