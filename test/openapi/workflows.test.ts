// The Arazzo workflows (openapi/workflows/) hold together: every step calls an operation of the
// spec, every value a step passes on comes from a declared input or an output of an earlier step,
// every step checks its status, and the rendered docs show every workflow. (They are linted by
// `npm run lint` and run against a server by test/scripts/workflows.test.ts.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listOperations, loadBundle } from '../../lib/spec/bundle.js';
import { workflowFiles } from '../../contract-tests/workflows.js';
import { generatedDir } from '../../lib/spec/bundle.js';

const operationIds = new Set(listOperations(loadBundle()).map((op) => op.operationId));
const docs = readFileSync(`${generatedDir}docs/index.html`, 'utf8');

interface Step { stepId: string; operationId: string; successCriteria?: { condition: string }[]; outputs?: Record<string, string> }
interface Workflow { workflowId: string; summary?: string; inputs?: { properties?: Record<string, unknown> }; steps: Step[] }

const workflows = workflowFiles().flatMap((file) => (parse(readFileSync(file, 'utf8')) as { workflows: Workflow[] }).workflows.map((w) => [`${file.split('/').pop()} ${w.workflowId}`, w] as const));

describe.each(workflows)('workflow %s', (_name, workflow) => {
  it('calls operations of the spec, and checks the status of each', () => {
    expect(workflow.summary).toBeTruthy();
    for (const step of workflow.steps) {
      expect(operationIds, step.stepId).toContain(step.operationId);
      expect(step.successCriteria?.some((c) => /^\$statusCode == \d{3}$/.test(c.condition)), step.stepId).toBe(true);
    }
  });

  it('passes on only declared inputs and outputs of earlier steps', () => {
    const inputs = new Set(Object.keys(workflow.inputs?.properties ?? {}));
    const outputs = new Map<string, Set<string>>();
    for (const step of workflow.steps) {
      const text = JSON.stringify(step);
      for (const [, name] of text.matchAll(/\$inputs\.([\w-]+)/g)) expect(inputs, `${step.stepId}: input ${name}`).toContain(name);
      for (const [, from, name] of text.matchAll(/\$steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(outputs.get(from!), `${step.stepId}: ${from}.${name}`).toBeDefined();
        expect(outputs.get(from!), `${step.stepId}: ${from}.${name}`).toContain(name);
      }
      outputs.set(step.stepId, new Set(Object.keys(step.outputs ?? {})));
    }
  });

  it('is shown in the rendered docs, step by step', () => {
    expect(docs).toContain(workflow.summary!);
    for (const step of workflow.steps) expect(docs).toContain(step.stepId);
  });
});
