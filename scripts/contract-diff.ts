// npm run contract:diff [-- --root DIR]: the breaking-change gate. Compares the working spec
// (openapi/, bundled afresh) with the latest release snapshot (releases/X.Y.Z/openapi.json), prints
// every change with its semver impact, and fails when info.version is not bumped as far as the
// changes need (a breaking change without a major bump, an addition without a minor bump, any
// other change without a patch bump). The rating is redocly diff's, with the diff-recommended rules.
import { resolve } from 'node:path';
import { parseCommandLine } from '../lib/cli-args.js';
import { bumped, bundleWorkingSpec, compareVersions, countChanges, describe, diffSpecs, listedChanges, listReleases, parseVersion, scratch, sourceOf, versionOf } from './releases.js';
import { repoRoot } from './redocly.js';

function main(): number {
  const { values } = parseCommandLine({ options: { root: { type: 'string' } } }, 'usage: npm run contract:diff [-- --root DIR]');
  const root = resolve(values.root ?? repoRoot);
  const work = scratch();
  try {
    const revision = `${work.dir}/openapi.json`;
    const version = versionOf(bundleWorkingSpec(root, revision));
    const release = listReleases(root).at(-1);
    if (!parseVersion(version)) {
      console.error(`✖ info.version ${JSON.stringify(version)} in openapi/openapi.yaml is not a version X.Y.Z.`);
      return 1;
    }
    if (!release) {
      console.log(`No release yet (releases/ is empty): nothing to compare. \`npm run release -- --version ${version}\` makes the first.`);
      return 0;
    }
    console.log(`openapi/ (info.version ${version}) against release ${release.version} (releases/${release.version}/openapi.json)\n`);
    if (compareVersions(version, release.version) < 0) {
      console.error(`✖ info.version ${version} is below the latest release ${release.version}.`);
      return 1;
    }

    const { report, refusals } = diffSpecs(release.file, revision);
    const changes = listedChanges(report);
    for (const change of changes) {
      const { impact, where, location, message, rules } = describe(change);
      console.log(`${impact.padEnd(5)}  ${where}${location ? `  ${location}` : ''}`);
      console.log(`       ${message}${rules.length > 0 ? ` [${rules.join(', ')}]` : ''}`);
      console.log(`       at ${sourceOf(change, root, release)}`);
    }
    if (changes.length === 0 && refusals.length === 0) {
      console.log(`No change since release ${release.version}.`);
      return 0;
    }
    if (changes.length > 0) console.log(`\n${countChanges(changes)}: the changes need ${bumped(release.version, report.bump ?? 'patch')} (a ${report.bump} bump over ${release.version}); info.version is ${version}.`);

    if (refusals.length > 0) {
      for (const refusal of refusals) console.error(`✖ ${refusal}`);
      console.error(`  Bump info.version in openapi/openapi.yaml (then \`npm run generate\`), or undo the change. A breaking change needs a major version: tell every client first.`);
      return 1;
    }
    console.log(`✔ info.version ${version} is enough for these changes.`);
    return 0;
  } finally {
    work.remove();
  }
}

process.exitCode = main();
