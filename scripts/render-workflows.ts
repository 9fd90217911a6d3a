// The Arazzo workflows as a section of the rendered docs: each workflow as numbered steps, with the
// operation each step calls, the values it passes on (inputs, earlier steps' outputs), what it
// expects, and what it hands to later steps. Written into the docs' introduction when the docs are
// built (the contract bundle itself stays as openapi/ says).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { listOperations, type JsonObject } from '../lib/spec/bundle.js';

interface Step {
  stepId: string;
  description?: string;
  operationId: string;
  parameters?: { name: string; in: string; value: unknown }[];
  requestBody?: { payload?: unknown };
  'x-security'?: { schemeName: string; values: Record<string, unknown> }[];
  successCriteria?: { condition: string }[];
  outputs?: Record<string, string>;
}

interface Workflow {
  workflowId: string;
  summary?: string;
  inputs?: { properties?: Record<string, unknown> };
  steps: Step[];
}

/** `$inputs.x` -> input `x`; `$steps.s.outputs.y` -> `y` of step s; `$response.body#/a/0/b` -> `a[0].b`. */
function readable(expression: unknown): string {
  if (typeof expression !== 'string' || !expression.includes('$')) return `\`${JSON.stringify(expression)}\``;
  return expression
    .replace(/\$inputs\.([\w-]+)/g, 'input `$1`')
    .replace(/\$steps\.([\w-]+)\.outputs\.([\w-]+)/g, '`$2` of step $1')
    .replace(/\$response\.body#\/([\w/-]+)/g, (_, pointer: string) => `\`${pointer.split('/').map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')}\``)
    .replace(/\$statusCode/g, 'status');
}

function payloadLines(payload: unknown, prefix = ''): string[] {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return [`${prefix || 'body'} = ${readable(payload)}`];
  return Object.entries(payload).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value) ? payloadLines(value, `${prefix}${key}.`) : [`\`${prefix}${key}\` = ${readable(Array.isArray(value) ? value[0] : value)}${Array.isArray(value) ? ' (in a list)' : ''}`]);
}

function stepMarkdown(step: Step, index: number, operations: Map<string, string>): string {
  const lines = [`${index + 1}. **${step.stepId}**: \`${operations.get(step.operationId) ?? step.operationId}\`${step.description ? `. ${step.description}` : ''}`];
  const sends = [
    ...(step['x-security'] ?? []).map((s) => `${s.schemeName === 'apiKey' ? '`X-MYWIFI-KEY`' : 'bearer token'} = ${readable(Object.values(s.values)[0])}`),
    ...(step.parameters ?? []).map((p) => `${p.in} \`${p.name}\` = ${readable(p.value)}`),
    ...(step.requestBody?.payload !== undefined ? payloadLines(step.requestBody.payload) : []),
  ];
  if (sends.length > 0) lines.push(`   - sends: ${sends.join('; ')}`);
  if (step.successCriteria?.length) lines.push(`   - expects: ${step.successCriteria.map((c) => readable(c.condition)).join('; ')}`);
  if (step.outputs) lines.push(`   - passes on: ${Object.entries(step.outputs).map(([name, from]) => `\`${name}\` = ${readable(from)}`).join('; ')}`);
  return lines.join('\n');
}

export function renderWorkflows(files: string[], spec: JsonObject): string {
  const operations = new Map(listOperations(spec).map((op) => [op.operationId, `${op.method} ${op.path}`]));
  const sections = files.map((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as { info: { title: string; summary?: string }; workflows: Workflow[] };
    return [`### ${doc.info.title}`, '', `${doc.info.summary ?? ''} From \`openapi/workflows/${basename(file)}\`.`, '',
      ...doc.workflows.flatMap((workflow) => [
        `#### ${workflow.summary ?? workflow.workflowId}`, '',
        `Workflow \`${workflow.workflowId}\`${workflow.inputs?.properties ? `; inputs: ${Object.keys(workflow.inputs.properties).map((name) => `\`${name}\``).join(', ')}` : ''}.`, '',
        ...workflow.steps.map((step, i) => stepMarkdown(step, i, operations)), '',
      ])].join('\n');
  });
  return ['## Workflows', '',
    'How the operations chain, as [Arazzo](https://spec.openapis.org/arazzo/latest.html) descriptions that any team can run:',
    '`npm run workflows -- --base-url URL` (Redocly respect) against the reference server (`npm start`) or your own.', '',
    ...sections].join('\n');
}
