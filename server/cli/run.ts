// Runs a CLI command: a usage or configuration problem prints its message and exits 2 or 1,
// without a stack trace; anything else is a bug and shows one.
import { ConfigError } from '../config.js';

class UsageError extends Error {}

export const usageError = (message: string) => new UsageError(message);

export async function runCommand(command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')) {
      console.error(error.message);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
