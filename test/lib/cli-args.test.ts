// Every command of the kit, given a mistake in its command line (an option without its value, an
// unknown option, a number or URL that is not one), says what is wrong in one line, then its usage,
// and exits 2, without a stack trace and before doing any work.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/commands.js';

const npmRun = (script: string, args: string[]) => runCommand('npm', ['run', '-s', script, '--', ...args]);

describe('the kit\'s commands, given a bad command line', () => {
  it.each([
    ['keys', ['create', '--name'], "Option '--name <value>' argument missing"],
    ['keys', ['list', '--bogus'], "Unknown option '--bogus'"],
    ['invoices:generate', ['--year', '2031', '--month'], "Option '--month <value>' argument missing"],
    ['contract', ['--base-url', 'http://127.0.0.1:9/api', '--seed'], "Option '--seed <value>' argument missing"],
    ['contract', ['--base-url', 'not-a-url'], '--base-url "not-a-url" is not an http(s) URL'],
    ['contract', [], '--base-url is required'],
    ['workflows', ['--base-url', 'http://127.0.0.1:9/api', '--inputs'], "Option '--inputs <value>' argument missing"],
    ['workflows', ['--base-url', 'not-a-url'], '--base-url "not-a-url" is not an http(s) URL'],
    ['release', ['--version'], "Option '--version <value>' argument missing"],
    ['release', ['--bogus'], "Unknown option '--bogus'"],
    ['contract:diff', ['--root'], "Option '--root <value>' argument missing"],
    ['pack', ['--out'], "Option '--out <value>' argument missing"],
    ['generate', ['--out'], "Option '--out <value>' argument missing"],
    ['bench', ['--rounds'], "Option '--rounds <value>' argument missing"],
    ['bench', ['--rounds', 'three'], '--rounds must be a whole number of at least 1, not "three"'],
    ['bench', ['--route', 'GET /nowhere'], "--route: one of 'GET /customer'"],
    ['bench:startup', ['--rounds', '0'], '--rounds must be a whole number of at least 1, not "0"'],
    ['bench:contract', ['--examples'], "Option '--examples <value>' argument missing"],
    ['lint', ['--bogus'], "Unknown option '--bogus'"],
  ])('npm run %s -- %j: one line and the usage, exit code 2', async (script, args, message) => {
    const result = await npmRun(script, args);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.split('\n')[0]).toContain(message);
    expect(result.stderr).toContain('usage');
    expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /); // no stack trace
  });
});
