// npm run release -- --version X.Y.Z: on copies of the project, it writes the snapshot, the
// changelog section (generated from the diff, a note above it) and the version in one step, with
// generated/ regenerated (the docs show the new section); it refuses a version lower than the
// changes need, one already released, and a release with nothing in it.
import { afterEach, describe, expect, it } from 'vitest';
import { copyProject, specEdits, type ProjectCopy } from '../support/project-copy.js';

let project: ProjectCopy;
afterEach(() => project?.remove());

const DATE = /\(\d{4}-\d{2}-\d{2}\)/.source;

/** Runs the release with `args`, expects it refused with `message`, and returns what it printed. */
async function refused(message: string, ...args: string[]): Promise<string> {
  const result = await project.run('release', ...args);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(message);
  return result.stderr;
}

describe('npm run release', () => {
  it('releases an addition as a minor version: snapshot, changelog section, version and generated/ in one step', async () => {
    project = copyProject();
    specEdits.addOperation(project);
    const spec = project.read('openapi/openapi.yaml');
    const changelogBefore = project.read('CHANGELOG.md');
    const released100 = project.read('releases/1.0.0/openapi.json');

    const low = await refused('✖ release refused: 1.0.1 is lower than the changes since 1.0.0 need: 1.1.0 at least.', '--version', '1.0.1');
    expect(low).toContain('**minor** `/region/nearest`: added');
    expect(project.exists('releases/1.0.1')).toBe(false);
    expect(project.read('openapi/openapi.yaml')).toBe(spec);
    expect(project.read('CHANGELOG.md')).toBe(changelogBefore);

    const release = await project.run('release', '--version', '1.1.0', '--note', 'Partners can ask for the region nearest to a customer.');
    expect(release.code, release.stderr).toBe(0);
    expect(release.stdout).toContain('Released 1.1.0');
    // How to commit it all, the new snapshot too (git diff does not show an untracked file).
    expect(release.stdout).toContain('`git status` lists them all');
    expect(release.stdout).toContain('git add releases/1.1.0 CHANGELOG.md openapi/openapi.yaml generated && git commit -m "Release 1.1.0"');

    // The version: that one line of openapi.yaml changed.
    expect(project.read('openapi/openapi.yaml')).toBe(spec.replace(/^ {2}version: 1\.0\.0$/m, '  version: 1.1.0'));
    // The snapshot is the bundle of the released spec, the same as the regenerated generated/openapi.json.
    const snapshot = project.read('releases/1.1.0/openapi.json');
    expect(snapshot).toBe(project.read('generated/openapi.json'));
    const released = JSON.parse(snapshot) as { info: { version: string }; paths: Record<string, unknown> };
    expect(released.info.version).toBe('1.1.0');
    expect(Object.keys(released.paths)).toContain('/region/nearest');
    expect(project.read('releases/1.0.0/openapi.json')).toBe(released100);
    // The changelog: the new section first, its note above the generated list, the previous release below.
    const changelog = project.read('CHANGELOG.md');
    expect(changelog).toMatch(new RegExp(`^## 1\\.1\\.0 ${DATE}\\n\\nPartners can ask for the region nearest to a customer\\.\\n\\n` +
      `Changes since 1\\.0\\.0: 0 major, 1 minor, 0 patch\\.\\n\\n- \\*\\*minor\\*\\* \`/region/nearest\`: added\\n\\n## 1\\.0\\.0 ${DATE}$`, 'm'));
    expect(changelog.indexOf('## 1.1.0')).toBeLessThan(changelog.indexOf('## 1.0.0'));
    // The docs carry the new section; the mock's bundle has the new path.
    expect(project.read('generated/docs/index.html')).toContain('Partners can ask for the region nearest to a customer.');
    expect(project.read('generated/mock/openapi.json')).toContain('"/api/region/nearest"');

    // The gate now compares with 1.1.0 and finds nothing; the same version again, or no change at all, is refused.
    const gate = await project.run('contract:diff');
    expect(gate.code).toBe(0);
    expect(gate.stdout).toContain('No change since release 1.1.0.');
    await refused('✖ release refused: 1.1.0 is already released (releases/1.1.0/openapi.json).', '--version', '1.1.0');
    await refused('✖ release refused: nothing changed since 1.1.0: no release to make.', '--version', '1.2.0');
  }, 120_000);

  it('refuses a breaking change below a major version, and a version not above the latest release', async () => {
    project = copyProject();
    specEdits.narrowRequestConstraint(project);
    const minor = await refused('1.1.0 is lower than the changes since 1.0.0 need: 2.0.0 at least.', '--version', '1.1.0');
    expect(minor).toContain('info.version went 1.0.0 → 1.1.0, but these changes require a major bump (2.0.0).');
    expect(minor).toContain('(schema-constraint-changed; defined in `components/schemas/Password`: every operation that uses it changes with it)');
    await refused('✖ release refused: 0.9.0 is not above the latest release, 1.0.0.', '--version', '0.9.0');
    await refused('usage: npm run release -- --version X.Y.Z', '--version', 'v2');
    expect(project.exists('releases/1.1.0') || project.exists('releases/0.9.0')).toBe(false);
  }, 120_000);

  it('makes the first release of a project without one: every operation listed', async () => {
    project = copyProject(['openapi', 'redocly.yaml']);
    const release = await project.run('release', '--version', '1.0.0');
    expect(release.code, release.stderr).toBe(0);
    const changelog = project.read('CHANGELOG.md');
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toMatch(new RegExp(`^## 1\\.0\\.0 ${DATE}\\n\\nThe first release: 35 operations\\.\\n\\n- \`POST /auth/register\`: Register a new user$`, 'm'));
    expect(changelog.match(/^- `/gm)).toHaveLength(35);
    expect(project.read('releases/1.0.0/openapi.json')).toBe(project.read('generated/openapi.json'));
  }, 120_000);
});
