// npm run lint: the source tree, the bundle and the workflows pass, and the output is the linter's
// own, without Redocly's boxed notice about Node 20 (a supported Node here); then ESLint passes the
// code, and refuses an import of another package's internals.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCommand } from '../support/commands.js';
import { repoRoot } from '../../lib/processes.js';

it('passes, showing what it validated and no Node 20 notice', async () => {
  const { code, stdout, stderr } = await runCommand('npm', ['run', '-s', 'lint']);
  expect(code, stdout + stderr).toBe(0);
  for (const file of ['openapi/openapi.yaml', 'generated/openapi.yaml', 'openapi/workflows/app.arazzo.yaml', 'openapi/workflows/partners.arazzo.yaml']) {
    expect(stdout).toContain(`validating ${file}...`);
  }
  expect(stdout).toMatch(/^eslint: \d{3,} files, no problems$/m);
  expect(stdout + stderr).not.toMatch(/Node\.js 20 support is ending|[╔║╚]/u);
}, 60_000);

// The probes sit inside the project (ESLint lints what is below its config) in a folder of their
// own, removed after: this file's tests run one after the other, so the whole-tree run never sees them.
const probes = mkdtempSync(join(repoRoot, 'test', 'scripts', '.lint-probe-'));
afterAll(() => rmSync(probes, { recursive: true, force: true }));

const lintSource = (name: string, source: string) => {
  writeFileSync(join(probes, name), source);
  return runCommand('npm', ['run', '-s', 'lint', '--', relative(repoRoot, join(probes, name))]);
};

it.each([
  ['a dist/ module', 'express-openapi-validator/dist/framework/types.js'],
  ['a scoped package\'s lib/', '@redocly/cli/lib/commands/lint.js'],
  ['a src/ file', 'kysely/src/index.js'],
])('refuses an import of %s, naming the rule and what to do', async (_, specifier) => {
  const { code, stdout } = await lintSource('internal.ts', `import type * as internals from '${specifier}';\nexport type Internals = typeof internals;\n`);
  expect(code).toBe(1);
  expect(stdout).toContain(`'${specifier}' import is restricted`);
  expect(stdout).toContain("imports another package's internals: use what the package exports and documents");
  expect(stdout).toContain('no-restricted-imports');
}, 30_000);

it('passes the same file importing what the packages export (and Ajv\'s documented 2020-12 entry)', async () => {
  const { code, stdout } = await lintSource('public.ts', "import type * as validator from 'express-openapi-validator';\nimport { Ajv2020 } from 'ajv/dist/2020.js';\nexport type Public = typeof validator | typeof Ajv2020;\n");
  expect(code, stdout).toBe(0);
  expect(stdout).toContain('eslint: 1 file, no problems');
}, 30_000);

it('says in one line which FILE does not exist', async () => {
  const { code, stdout, stderr } = await runCommand('npm', ['run', '-s', 'lint', '--', 'no/such/file.ts']);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toBe('no/such/file.ts: no such file or folder\nusage: npm run lint [-- FILE...]\n');
});
