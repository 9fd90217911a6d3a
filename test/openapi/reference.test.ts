// Everything the prose reference states is in the spec: each operation documents each status the
// reference lists, and every JSON example the reference prints validates against the schema of its
// operation and status and is one of that response's named examples.
import { describe, expect, it } from 'vitest';
import { deref, listOperations, loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { createSchemaValidator } from '../../lib/spec/validator.js';
import { readPlannedOperations } from '../support/endpoints.js';
import { readReference, statusOfExample } from '../support/reference.js';

const spec = loadBundle();
const validator = createSchemaValidator(spec);
const operations = listOperations(spec);
const planned = readPlannedOperations();
const sections = readReference();
const errorStatus = (deref(spec, { $ref: '#/components/schemas/ErrorCode' }) as JsonObject)['x-http-status'] as Record<string, number>;

const cases = sections.map((section, index) => {
  const plan = planned[index]!;
  const op = operations.find((o) => o.method === plan.method && o.path === plan.path)!;
  return { section, plan, op };
});

describe('the reference', () => {
  it('has one section per planned operation, in order', () => {
    expect(sections.map((s) => s.path)).toEqual(planned.map((p) => p.path));
  });

  it.each(cases.map((c) => [`${c.plan.method} ${c.plan.path}`, c] as const))(
    '%s: every listed status is documented',
    (_, { section, op }) => {
      const documented = Object.keys(op.definition.responses as object);
      for (const status of section.statuses) expect(documented, `status ${status}`).toContain(status);
    },
  );

  const examples = cases.flatMap(({ section, plan, op }) =>
    section.examples.map((example, n) => {
      const status = statusOfExample(example as Record<string, unknown>, plan.success, errorStatus);
      return [`${plan.method} ${plan.path} example ${n + 1} (${status})`, { op, status, example }] as const;
    }),
  );

  it('prints the JSON examples this test expects', () => {
    expect(examples.length).toBe(70);
  });

  it.each(examples)('%s validates and is a named example of its response', (_, { op, status, example }) => {
    const pointer = validator.responsePointer(op.path, op.method, status);
    expect(pointer, `response ${status} is documented with a JSON schema`).toBeDefined();
    expect(validator.validate(pointer!, example)).toEqual([]);
    const response = deref(spec, (op.definition.responses as JsonObject)[status]!) as JsonObject;
    const media = (response.content as JsonObject)['application/json'] as JsonObject;
    const named = Object.values(media.examples as JsonObject).map((e) => (deref(spec, e) as JsonObject).value);
    expect(named).toContainEqual(example);
  });
});
