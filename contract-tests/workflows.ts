// The Arazzo workflows of openapi/workflows/ (partner billing and push; onboarding, helpdesk,
// password reset), run by Redocly's `respect` against a target. One runner for `npm run workflows`
// and for the suite's workflows phase, which records every step's exchange (so that its outcome
// counts in the coverage matrix and goes through the response checks) and reports a step whose
// success criteria failed under `stateful_behaviour`.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutBanner } from '../lib/redocly-banner.js';
import { generatedDir, pointerSegment } from '../lib/spec/bundle.js';
import type { Tier } from './checks/registry.js';
import { fail, pass, type Check } from './checks/types.js';
import type { Exchange } from './http.js';
import type { Operation } from './contract.js';
import { holdsReferenceRules, writesFreely } from './profiles.js';
import type { Session } from './session.js';

// Beside generated/, as in the repository: the suite's package has the same layout (scripts/pack.ts).
export const WORKFLOWS_DIR = join(generatedDir, '..', 'openapi', 'workflows', '/');
/** What to install for the workflows: the kit's pinned Redocly CLI (set when the suite is packed). */
const REDOCLY_CLI = process.env.JWI_REDOCLY_CLI ?? '@redocly/cli';
/** The name the workflows give the API in their sourceDescriptions (`--server jwi=URL`). */
const SOURCE = 'jwi';

export type WorkflowInputs = Record<string, string | number>;

export interface WorkflowsRun {
  /** respect's exit code: 0 when every workflow passed. */
  code: number;
  /** What respect printed. */
  output: string;
  /** respect's JSON report (per file, the executed workflows and steps). */
  report: RespectReport | undefined;
}

interface RespectStep {
  stepId: string;
  workflowId: string;
  request: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
  response?: { statusCode: number; headers?: Record<string, string>; body?: unknown };
  checks: { name: string; message?: string; passed: boolean; severity?: string }[];
}

interface RespectReport {
  files: Record<string, { executedWorkflows: { workflowId: string; executedSteps: RespectStep[] }[] }>;
}

export const workflowFiles = (): string[] =>
  readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.arazzo.yaml')).sort().map((f) => join(WORKFLOWS_DIR, f));

/** Inputs that must be new on every run: the emails registered and the partner's payment reference. */
export function freshInputs(): WorkflowInputs {
  const id = randomBytes(5).toString('hex');
  return { email: `workflow-${id}@example.com`, resetEmail: `workflow-reset-${id}@example.com`, referenceNo: `WF-${id}` };
}

/** The Redocly CLI, when it is installed: a development dependency of the kit, an optional peer of the suite's package. */
function redoclyCli(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
  } catch {
    return undefined;
  }
}

/** Runs `redocly respect` on the workflow files against `baseUrl` (the API's, with /api). */
export async function runWorkflows(options: {
  baseUrl: string; inputs: WorkflowInputs; files?: string[]; skip?: string[]; only?: string[]; verbose?: boolean;
  /** The JSON report with secrets (tokens, OTPs) as they were: the suite checks them against their schemas. */
  unmasked?: boolean;
}): Promise<WorkflowsRun> {
  const cli = redoclyCli();
  if (!cli) {
    return { code: 2, output: `they run with Redocly's respect, which is not installed here: npm install --save-dev ${REDOCLY_CLI} (beside the suite), then run again`, report: undefined };
  }
  // respect refuses a --workflow that a file lacks: only the files that have one of them are run.
  const files = (options.files ?? workflowFiles()).filter((file) =>
    !options.only || options.only.some((id) => new RegExp(`workflowId: ${id}\\s`).test(readFileSync(file, 'utf8'))));
  if (files.length === 0) return { code: 2, output: `no workflow file has ${options.only?.join(', ')}`, report: undefined };
  const dir = mkdtempSync(join(tmpdir(), 'jwi-workflows-'));
  const reportFile = join(dir, 'respect.json');
  const args = [
    cli, 'respect', ...files, '--server', `${SOURCE}=${options.baseUrl.replace(/\/+$/, '')}`,
    ...Object.entries(options.inputs).flatMap(([name, value]) => ['--input', `${name}=${value}`]),
    ...(options.skip ?? []).flatMap((workflow) => ['--skip', workflow]),
    ...(options.only ?? []).flatMap((workflow) => ['--workflow', workflow]),
    '--json-output', reportFile, ...(options.verbose ? ['--verbose'] : []), ...(options.unmasked ? ['--no-secrets-masking'] : []),
  ];
  try {
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(process.execPath, args, { env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' }, maxBuffer: 50 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${withoutBanner(stdout + stderr)}\n` });
      });
    });
    const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as RespectReport) : undefined;
    return { code, output, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A step's own success criteria, as the suite's check of the step. */
const criteriaOf = (step: RespectStep, tier?: Tier): Check => () => {
  const failed = step.checks.filter((c) => !c.passed && c.name !== 'status code check' && c.name !== 'schema check' && c.name !== 'content-type check');
  return failed.length === 0
    ? pass('stateful_behaviour', tier)
    : fail('stateful_behaviour', `workflow ${step.workflowId}, step ${step.stepId}: its success criteria`, failed.map((c) => `${c.name}${c.message ? `: ${c.message}` : ''}`).join('; ').slice(0, 500), tier);
};

/** The suite's workflows phase: the workflows against the target, with inputs from the config and
 * the world; every step is an exchange of the run. Profiles that write only (they pay an invoice,
 * push, and register customers). */
export async function workflowsPhase(session: Session): Promise<void> {
  const { config, world, results } = session;
  if (!writesFreely(config.profile)) {
    results.skip('workflows', 'workflows', 'they pay an invoice, push and register customers: reference and staging profiles only');
    return;
  }
  const payer = [config.customer, ...(config.otherCustomers ?? [])].filter((c) => c?.noServices).at(-1);
  const customer = [config.customer, ...(config.otherCustomers ?? [])].find((c) => c?.identifier && c.password);
  if (!config.apiKey || !payer || !customer || world.companyId === undefined || world.packageId === undefined || world.idTypeId === undefined) {
    results.skip('workflows', 'workflows', 'configure apiKey and a customer with its login (and the target must offer a region, a package and an id type)');
    return;
  }
  const run = await runWorkflows({
    baseUrl: config.baseUrl,
    inputs: {
      apiKey: config.apiKey, otherApiKey: config.apiKey, noServices: payer.noServices,
      identifier: customer.identifier!, customerPassword: customer.password!,
      name: 'Contract Workflow', password: 'workflow-pass-1', newPassword: 'workflow-pass-2', phone: 81200000003,
      companyId: world.companyId, packageId: world.packageId, idTypeId: world.idTypeId,
      ...freshInputs(),
    },
    skip: config.otpEcho ? [] : ['passwordReset'],
    unmasked: true,
  });
  if (!run.report) {
    results.skip('workflows', 'workflows', run.output.trim().split('\n').at(-1) ?? 'respect did not run');
    return;
  }
  for (const file of Object.values(run.report.files)) {
    for (const workflow of file.executedWorkflows) {
      // Set once the target refused as invalid (422) a request the runner sent outside the contract: from then on
      // the workflow's criteria hold a target to what the contract does not ask of it.
      let diverted: string | undefined;
      for (const step of workflow.executedSteps) {
        const path = step.request.url ? new URL(step.request.url).pathname.slice(new URL(config.baseUrl).pathname.replace(/\/$/, '').length) : '';
        const op = session.contract.operations.find((o) => o.method === step.request.method.toUpperCase() && o.path === path);
        if (!op) continue; // a step that never sent its request (an earlier step failed)
        const response = step.response;
        const text = response?.body === undefined ? '' : JSON.stringify(response.body);
        const exchange: Exchange = {
          request: { method: op.method, path: op.path, ...(step.request.body !== undefined ? { body: step.request.body } : {}), headers: step.request.headers ?? {} },
          url: step.request.url,
          ...(response
            ? { response: { status: response.statusCode, headers: lowerCase(response.headers ?? {}), text, json: response.body, ms: 0 } }
            : { error: 'no response' }),
        };
        // A body only the reference server's rules allow: its criteria are the reference server's to meet.
        const outside = step.request.body !== undefined ? outsideContract(session, op, step.request.body) : undefined;
        if (outside && !holdsReferenceRules(config) && diverted === undefined && response?.statusCode === 422) {
          diverted = step.stepId;
          results.skip('workflows', `${workflow.workflowId}: success criteria from ${step.stepId} on`,
            `the runner sent a body the contract does not allow (${outside}) and the target refused it as invalid: the rest of the workflow is checked for conformance only`);
        }
        results.record('workflows', `${workflow.workflowId}: ${step.stepId}`, op, exchange, diverted ? [] : [criteriaOf(step, outside ? 'reference' : undefined)]);
      }
    }
  }
}

/** Why a request body is outside the contract (its schema in the contract's view), or undefined. */
function outsideContract(session: Session, op: Operation, body: unknown): string | undefined {
  const pointer = `#/paths/${pointerSegment(op.path)}/${op.method.toLowerCase()}/requestBody/content/application~1json/schema`;
  if (!session.contract.resolve(pointer)) return undefined;
  const problems = session.contract.contractValidator.validate(pointer, body);
  return problems.length > 0 ? problems.slice(0, 3).join('; ') : undefined;
}

const lowerCase = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
