// npm run contract -- --base-url URL [options] (installed: jwi-contract --base-url URL [options]):
// checks an implementation of the JWI API against the contract and exits non-zero when it does not
// honour it. `proxy` and `har` check real traffic instead (contract-tests/traffic/). `npm run pack`
// bundles this file into the package @jwi/contract-suite.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine } from '../lib/cli-args.js';
import { loadBundle, type JsonObject } from '../lib/spec/bundle.js';
import { ConfigProblem, configFromArgs, USAGE } from './config.js';
import { readContractModel } from './contract.js';
import { coverageHtml, coverageMarkdown } from './report/coverage-page.js';
import { progressLine, summary } from './report/console.js';
import { junitXml } from './report/junit.js';
import { PreflightFailure } from './preflight.js';
import { redactor } from './redact.js';
import { Results } from './results.js';
import { runSuite, type Phase } from './runner.js';
import { harCommand } from './traffic/har-command.js';
import { UsageProblem } from './traffic/options.js';
import { proxyCommand } from './traffic/proxy-command.js';

const SUBCOMMANDS: Record<string, () => number | Promise<number>> = { proxy: proxyCommand, har: harCommand };

/** `proxy` or `har`: a mistake on its command line is one line and exit code 2. */
async function subcommand(run: () => number | Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    console.error(error.message);
    return 2;
  }
}

async function main(): Promise<number> {
  const { values } = parseCommandLine({
    options: {
      'base-url': { type: 'string' }, config: { type: 'string' }, profile: { type: 'string' }, 'api-key': { type: 'string' },
      only: { type: 'string', multiple: true }, seed: { type: 'string' }, examples: { type: 'string' }, junit: { type: 'string' },
      'limited-requests': { type: 'string' }, 'max-wait': { type: 'string' },
      report: { type: 'string' }, 'fail-on-uncovered': { type: 'boolean' }, 'tolerate-extra-fields': { type: 'boolean' }, help: { type: 'boolean' },
      version: { type: 'boolean' },
      strict: { type: 'boolean' }, checks: { type: 'string', multiple: true }, 'exclude-checks': { type: 'string', multiple: true },
    },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.version) {
    console.log(`${String((loadBundle().info as JsonObject).version)} (the version of the contract it checks)`);
    return 0;
  }
  // npm echoes a script's arguments: a key given as a flag to `npm run contract` is on the CI log.
  if (values['api-key'] !== undefined && process.env.npm_lifecycle_event) {
    console.error('note: npm printed the command line with --api-key above; pass the key as JWI_API_KEY instead, which no command line shows');
  }
  let config;
  try {
    config = configFromArgs(values);
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error;
    console.error(error.message);
    return 2;
  }

  const results = new Results(readContractModel(), config);
  let phase: Phase | undefined;
  results.onRecord = progressLine(results, () => phase);
  let outcome;
  try {
    outcome = await runSuite(config, (p) => (phase = p), results);
  } catch (error) {
    if (!(error instanceof PreflightFailure)) throw error;
    const redact = redactor(config);
    console.error(`The target is not ready for the suite:\n${redact(error.message).split('\n').map((line) => `  - ${line}`).join('\n')}`);
    return 2;
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  console.log(summary(outcome));
  if (config.junit) {
    writeFileSync(config.junit, junitXml(outcome));
    console.log(`JUnit XML: ${resolve(config.junit)}`);
  }
  if (config.report) {
    writeFileSync(config.report, config.report.endsWith('.html') ? coverageHtml(outcome) : coverageMarkdown(outcome));
    console.log(`Report: ${resolve(config.report)}`);
  }
  return outcome.passed ? 0 : 1;
}

const command = SUBCOMMANDS[process.argv[2] ?? ''];
process.exitCode = command ? await subcommand(command) : await main();
