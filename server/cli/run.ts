// Runs a CLI command: a usage or configuration problem (an unknown option, an option without its
// value, a database that does not answer) prints its message and exits 2 or 1, without a stack
// trace; anything else is a bug and shows one.
import { isArgumentError } from '../../lib/cli-args.js';
import { createContext } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../config.js';
import type { AppContext } from '../context.js';

class UsageError extends Error {}

export const usageError = (message: string) => new UsageError(message);

/** The application context of a command: the server's configuration (DATABASE_URL...), quieter, and
 * without Redis (no command counts rate limits). */
export const commandContext = (): Promise<AppContext> => createContext({ ...loadConfig(), logLevel: 'warn' }, { redis: undefined });

export async function runCommand(usage: string, command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 2;
    } else if (isArgumentError(error)) {
      console.error(`${error.message}\n${usage}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
