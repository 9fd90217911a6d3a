// npm run lint: the source tree, the bundle and the workflows pass, and the output is the linter's
// own, without Redocly's boxed notice about Node 20 (a supported Node here).
import { expect, it } from 'vitest';
import { runCommand } from '../support/commands.js';

it('passes, showing what it validated and no Node 20 notice', async () => {
  const { code, stdout, stderr } = await runCommand('npm', ['run', '-s', 'lint']);
  expect(code, stdout + stderr).toBe(0);
  for (const file of ['openapi/openapi.yaml', 'generated/openapi.yaml', 'openapi/workflows/app.arazzo.yaml', 'openapi/workflows/partners.arazzo.yaml']) {
    expect(stdout).toContain(`validating ${file}...`);
  }
  expect(stdout + stderr).not.toMatch(/Node\.js 20 support is ending|[╔║╚]/u);
}, 60_000);
