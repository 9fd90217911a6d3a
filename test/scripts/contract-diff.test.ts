// npm run contract:diff, the breaking-change gate of `npm test`: on copies of the project whose
// spec was edited, it prints each change with its impact, operation, location and rule, and fails
// when info.version is not bumped as far as the changes need over the latest release (1.0.0).
import { afterEach, describe, expect, it } from 'vitest';
import { copyProject, setVersion, specEdits, type Edit, type ProjectCopy } from '../support/project-copy.js';

const { removeOperation, addRequiredParameter, removeResponseProperty, narrowRequestConstraint, addOptionalResponseProperty, addOperation } = specEdits;
let project: ProjectCopy | undefined;
afterEach(() => project?.remove());

/** Edits a fresh copy of the project, sets info.version, and runs the gate on it. */
async function gate(edit: Edit, version = '1.0.0') {
  project?.remove();
  project = copyProject();
  edit(project);
  if (version !== '1.0.0') setVersion(project, version);
  const result = await project.run('contract:diff');
  return { ...result, output: result.stdout + result.stderr };
}

describe('npm run contract:diff', () => {
  it('passes on the released contract, with no change to report', async () => {
    const result = await gate(() => {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('openapi/ (info.version 1.0.0) against release 1.0.0 (releases/1.0.0/openapi.json)');
    expect(result.stdout).toContain('No change since release 1.0.0.');
  }, 60_000);

  it.each([
    ['a removed operation', removeOperation, 'major  DELETE /notification/token',
      'Operation `DELETE /notification/token` was removed. [operation-removed]', 'at releases/1.0.0/openapi.json:'],
    ['a new required parameter', addRequiredParameter, 'major  GET /invoice  parameters/3',
      'Required `branch` query parameter was added. [parameter-became-required]', 'at openapi/paths/invoice.yaml:'],
    ['a removed response property', removeResponseProperty, 'major  GET /customer  responses/200/content/application/json/schema/properties/customer/properties/service',
      'Property `service` of `customer` was removed. [property-removed]', 'at releases/1.0.0/openapi.json:'],
    ['a narrowed request constraint', narrowRequestConstraint, 'major  POST /auth/register  requestBody/content/application/json/schema/properties/password · maxLength',
      '`maxLength` of `password` changed from \'72\' to \'64\'. [schema-constraint-changed]', 'at openapi/components/schemas/Password.yaml:'],
  ])('fails on %s without a major bump, naming the change and the version it needs', async (_label, edit, heading, message, location) => {
    const result = await gate(edit);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const at = lines.indexOf(heading);
    expect(at, result.output).toBeGreaterThan(0);
    expect(lines[at + 1]?.trim()).toBe(message);
    expect(lines[at + 2]?.trim()).toMatch(new RegExp(`^${location.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d+`));
    expect(result.stderr).toContain('✖ info.version stayed 1.0.0, but these changes require a major bump (2.0.0).');
  }, 60_000);

  it('fails on a breaking change with only a minor bump, and passes with the major one', async () => {
    const minor = await gate(removeOperation, '1.1.0');
    expect(minor.code).toBe(1);
    expect(minor.stderr).toContain('✖ info.version went 1.0.0 → 1.1.0, but these changes require a major bump (2.0.0).');
    const major = await gate(removeOperation, '2.0.0');
    expect(major.code, major.output).toBe(0);
    expect(major.stdout).toContain('major  DELETE /notification/token');
    expect(major.stdout).toContain('✔ info.version 2.0.0 is enough for these changes.');
  }, 60_000);

  it.each([
    ['a new optional response property', addOptionalResponseProperty, 'minor  GET /customer  responses/200/content/application/json/schema/properties/customer/properties/nickname',
      'at openapi/components/schemas/Customer.yaml:'],
    ['a new operation', addOperation, 'minor  /region/nearest', 'at openapi/paths/region_nearest.yaml:1'],
  ])('fails on %s without a minor bump, and passes with it', async (_label, edit, heading, location) => {
    const same = await gate(edit);
    expect(same.code).toBe(1);
    expect(same.stdout).toContain(heading);
    expect(same.stdout).toContain(location);
    expect(same.stdout).not.toMatch(/^major/m);
    expect(same.stderr).toContain('✖ info.version stayed 1.0.0, but these changes require a minor bump (1.1.0).');
    const minor = await gate(edit, '1.1.0');
    expect(minor.code, minor.output).toBe(0);
    expect(minor.stdout).toContain(heading);
    expect(minor.stdout).toContain('0 major, 1 minor, 0 patch: the changes need 1.1.0 (a minor bump over 1.0.0); info.version is 1.1.0.');
  }, 60_000);

  it('asks a patch bump for a change that neither breaks nor adds (a summary)', async () => {
    const edit: Edit = (p) => p.editYaml('openapi/paths/region.yaml', (d) => d.setIn(['get', 'summary'], 'List the regions'));
    const same = await gate(edit);
    expect(same.code).toBe(1);
    expect(same.stdout).toContain('patch  GET /region  summary');
    expect(same.stderr).toContain('require a patch bump (1.0.1)');
    expect((await gate(edit, '1.0.1')).code).toBe(0);
  }, 60_000);

  it('refuses a version below the latest release', async () => {
    const result = await gate(() => {}, '0.9.0');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✖ info.version 0.9.0 is below the latest release 1.0.0.');
  }, 60_000);
});
