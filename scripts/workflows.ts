// npm run workflows -- --base-url URL [--inputs FILE] [--input NAME=VALUE ...] [--file F ...] [--workflow ID ...] [--verbose]
// Runs the Arazzo workflows of openapi/workflows/ against an implementation of the API with
// Redocly's respect (telemetry off). Inputs come from a JSON file (default: the demo's,
// openapi/workflows/demo-inputs.json) and flags over it; the emails registered and the payment
// reference are made new for each run unless given.
import { readFileSync } from 'node:fs';
import { baseUrlProblem, parseCommandLine } from '../lib/cli-args.js';
import { freshInputs, runWorkflows, WORKFLOWS_DIR, type WorkflowInputs } from '../contract-tests/workflows.js';

const USAGE = 'usage: npm run workflows -- --base-url URL [--inputs FILE] [--input NAME=VALUE ...] [--file F.arazzo.yaml ...] [--workflow ID ...] [--verbose]';

function main(): Promise<number> | number {
  const { values } = parseCommandLine({
    options: {
      'base-url': { type: 'string' }, inputs: { type: 'string' }, input: { type: 'string', multiple: true },
      file: { type: 'string', multiple: true }, workflow: { type: 'string', multiple: true }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
    },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const baseUrl = values['base-url'];
  const problem = baseUrlProblem(baseUrl, 'http://127.0.0.1:3000/api');
  if (problem || !baseUrl) {
    console.error(`${problem}\n${USAGE}`);
    return 2;
  }
  const inputsFile = values.inputs ?? `${WORKFLOWS_DIR}demo-inputs.json`;
  let inputs: WorkflowInputs;
  try {
    inputs = { ...freshInputs(), ...(JSON.parse(readFileSync(inputsFile, 'utf8')) as WorkflowInputs) };
  } catch (error) {
    console.error(`--inputs ${inputsFile}: ${(error as Error).message}`);
    return 2;
  }
  for (const pair of values.input ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      console.error(`--input ${pair}: expected NAME=VALUE`);
      return 2;
    }
    inputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return runWorkflows({ baseUrl, inputs, ...(values.file ? { files: values.file } : {}), ...(values.workflow ? { only: values.workflow } : {}), verbose: values.verbose ?? false })
    .then(({ code, output }) => {
      process.stdout.write(output);
      return code;
    });
}

process.exitCode = await main();
