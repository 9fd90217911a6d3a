// npm run release -- --version X.Y.Z [--note "a line for the changelog"] [--root DIR]
// Releases the working contract as X.Y.Z in one step: info.version in openapi/openapi.yaml, a
// CHANGELOG.md section generated from the diff with the previous release (the note above its
// list), generated/ (whose docs show the changelog), and the snapshot releases/X.Y.Z/openapi.json.
// Refuses a version that is not above the latest release, or lower than its changes need.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseCommandLine } from '../lib/cli-args.js';
import { parse } from 'yaml';
import { listOperations, type JsonObject } from '../lib/spec/bundle.js';
import { repoRoot } from './redocly.js';
import {
  bumped, bundleWorkingSpec, compareVersions, countChanges, describe, diffSpecs, listedChanges, listReleases, parseVersion, scratch, writeWithVersion,
  type DiffChange,
} from './releases.js';

const CHANGELOG_HEADER = `# Changelog

Every release of the JWI customer API contract, newest first: its version (\`info.version\`), the date,
and what changed since the release before, as \`redocly diff\` rates it. A **major** change breaks
existing clients, a **minor** one adds to the contract, a **patch** changes neither (descriptions,
examples). The spec of each release is in \`releases/<version>/openapi.json\`; the rendered docs show
this changelog under *Changelog*.

`;

class Refusal extends Error {}

const USAGE = 'usage: npm run release -- --version X.Y.Z [--note "a line above the generated list"]';

function main(): number {
  const { values } = parseCommandLine({ options: { version: { type: 'string' }, note: { type: 'string' }, root: { type: 'string' } } }, USAGE);
  const root = resolve(values.root ?? repoRoot);
  const version = values.version ?? '';
  try {
    if (!parseVersion(version)) throw new Refusal(USAGE);
    const releases = listReleases(root);
    const latest = releases.at(-1);
    if (releases.some((r) => r.version === version)) throw new Refusal(`${version} is already released (releases/${version}/openapi.json).`);
    if (latest && compareVersions(version, latest.version) <= 0) throw new Refusal(`${version} is not above the latest release, ${latest.version}.`);

    const work = scratch();
    let section: string;
    try {
      const working = bundleWorkingSpec(root, join(work.dir, 'working.json'));
      const revision = join(work.dir, 'openapi.json');
      writeWithVersion(working, version, revision);
      if (latest) {
        const { report, refusals } = diffSpecs(latest.file, revision);
        const changes = listedChanges(report);
        if (changes.length === 0) throw new Refusal(`nothing changed since ${latest.version}: no release to make.`);
        if (refusals.length > 0) {
          const headline = report.bump && refusals.some((refusal) => refusal.startsWith('info.version'))
            ? `${version} is lower than the changes since ${latest.version} need: ${bumped(latest.version, report.bump)} at least.`
            : `redocly diff refuses the working spec.`;
          throw new Refusal(`${headline}\n${refusals.join('\n')}\n${changes.map((c) => `  ${changeLine(c)}`).join('\n')}`);
        }
        section = releaseSection(version, values.note, `Changes since ${latest.version}: ${countChanges(changes)}.`, changes.map(changeLine));
      } else {
        const operations = listOperations(working);
        section = releaseSection(version, values.note, `The first release: ${operations.length} operations.`,
          operations.map((op) => `\`${op.method} ${op.path}\`: ${String(op.definition.summary)}`));
      }
    } finally {
      work.remove();
    }

    // Write the changelog and the version, regenerate into a scratch folder, and only then replace
    // generated/ and add the snapshot: a spec that does not generate leaves every file as it was.
    const changelogFile = join(root, 'CHANGELOG.md');
    const specFile = join(root, 'openapi', 'openapi.yaml');
    const before = { changelog: existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : undefined, spec: readFileSync(specFile, 'utf8') };
    const out = scratch();
    try {
      writeChangelog(changelogFile, section);
      setInfoVersion(specFile, version);
      const generate = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/generate.ts'), '--root', root, '--out', out.dir], { cwd: repoRoot, encoding: 'utf8' });
      if (generate.status !== 0) {
        if (before.changelog === undefined) rmSync(changelogFile);
        else writeFileSync(changelogFile, before.changelog);
        writeFileSync(specFile, before.spec);
        throw new Refusal(`npm run generate fails on the working spec; nothing was written.\n${generate.stderr.trim()}`);
      }
      rmSync(join(root, 'generated'), { recursive: true, force: true });
      cpSync(out.dir, join(root, 'generated'), { recursive: true });
    } finally {
      out.remove();
    }
    mkdirSync(join(root, 'releases', version), { recursive: true });
    copyFileSync(join(root, 'generated', 'openapi.json'), join(root, 'releases', version, 'openapi.json'));
    console.log([
      `Released ${version}: releases/${version}/openapi.json (a new file), CHANGELOG.md, info.version in openapi/openapi.yaml, and generated/ (the docs show the changelog).`,
      'Commit them together (`git status` lists them all; `git diff` leaves out the new snapshot):',
      `  git add releases/${version} CHANGELOG.md openapi/openapi.yaml generated && git commit -m "Release ${version}"`,
    ].join('\n'));
    return 0;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.error(`✖ release refused: ${error.message}`);
    return 1;
  }
}

function changeLine(change: DiffChange): string {
  const { impact, where, location, message, rules, component } = describe(change);
  const notes = [...rules, ...(component ? [`defined in \`${component}\`: every operation that uses it changes with it`] : [])];
  return `**${impact}** \`${where}\`${location ? ` (\`${location}\`)` : ''}: ${message}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

function releaseSection(version: string, note: string | undefined, summary: string, lines: string[]): string {
  const date = new Date().toISOString().slice(0, 10);
  return [`## ${version} (${date})`, '', ...(note ? [note.trim(), ''] : []), summary, '', ...lines.map((line) => `- ${line}`), ''].join('\n');
}

/** Puts the section above the previous releases (the newest first). */
function writeChangelog(file: string, section: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : CHANGELOG_HEADER;
  const first = current.search(/^## /m);
  const next = first < 0 ? `${current.trimEnd()}\n\n${section}` : `${current.slice(0, first)}${section}\n${current.slice(first)}`;
  writeFileSync(file, next.trimEnd() + '\n');
}

/** Rewrites the `version:` line of the `info:` block of openapi.yaml, leaving the rest of the file as written. */
function setInfoVersion(file: string, version: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const info = lines.indexOf('info:');
  const end = lines.findIndex((line, i) => i > info && /^\S/.test(line));
  const at = lines.findIndex((line, i) => i > info && (end < 0 || i < end) && /^ {2}version:/.test(line));
  if (info < 0 || at < 0) throw new Error(`${file}: no info.version line to set`);
  lines[at] = `  version: ${version}`;
  const text = lines.join('\n');
  if (String((parse(text) as JsonObject & { info: JsonObject }).info.version) !== version) throw new Error(`${file}: info.version did not become ${version}`);
  writeFileSync(file, text);
}

process.exitCode = main();
