// Releases of the contract: the snapshots in releases/X.Y.Z/openapi.json, the working spec bundled
// from openapi/, and `redocly diff` between them (rules: redocly.diff.yaml, i.e. diff-recommended),
// which rates every change by the semver bump it needs. Used by contract:diff and release.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { HTTP_METHODS, pointerSegment, type JsonObject } from '../lib/spec/bundle.js';
import { redocly, redoclyOrThrow, repoRoot, withoutBanner } from './redocly.js';

export type Impact = 'major' | 'minor' | 'patch';

interface Place {
  file: string;
  pointer: string;
  line: number;
  col: number;
}

/** One change of `redocly diff --format json` (reportVersion 1). */
export interface DiffChange {
  path: string; // where it was reached, as a JSON pointer: "#/paths/~1customer/get/responses/200/..."
  typeName: string;
  kind: 'added' | 'removed' | 'modified';
  impact: Impact;
  property?: string;
  verdicts: { ruleId: string; impact: Impact; message: string; location: Place }[];
  base?: Place & { value: unknown };
  revision?: Place & { value: unknown };
}

export interface DiffReport {
  infoVersions: { base: string; revision: string };
  summary: Record<Impact, number>;
  bump?: Impact;
  changes: DiffChange[];
}

export interface Release {
  version: string;
  /** releases/X.Y.Z/openapi.json */
  file: string;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** [major, minor, patch] of a plain X.Y.Z version, or undefined. */
export function parseVersion(version: string): [number, number, number] | undefined {
  const match = SEMVER.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a)!, parseVersion(b)!];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The lowest version that `impact` allows after `version` (below 1.0, a breaking change needs a minor bump, as redocly counts). */
export function bumped(version: string, impact: Impact): string {
  const [major, minor, patch] = parseVersion(version)!;
  if (impact === 'major' && major > 0) return `${major + 1}.0.0`;
  if (impact === 'patch') return `${major}.${minor}.${patch + 1}`;
  return `${major}.${minor + 1}.0`;
}

/** The released versions, oldest first. */
export function listReleases(root: string): Release[] {
  const dir = join(root, 'releases');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => parseVersion(name) && existsSync(join(dir, name, 'openapi.json')))
    .sort(compareVersions)
    .map((version) => ({ version, file: join(dir, version, 'openapi.json') }));
}

/** A scratch folder, removed by the returned function. */
export function scratch(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'jwi-release-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles `root`/openapi/ as generate does, into `file` (JSON); returns the document. */
export function bundleWorkingSpec(root: string, file: string): JsonObject {
  redoclyOrThrow(['bundle', 'openapi/openapi.yaml', '-o', file], root);
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

export interface DiffOutcome {
  report: DiffReport;
  /** What `redocly diff --check-version` refused (its ❌ lines): empty when the version suffices. */
  refusals: string[];
}

/** `redocly diff release revision --check-version`: every change with its impact, and whether info.version of `revision` is enough. */
export function diffSpecs(release: string, revision: string): DiffOutcome {
  const work = scratch();
  try {
    const out = join(work.dir, 'diff.json');
    const run = redocly(['diff', release, revision, '--config', join(repoRoot, 'redocly.diff.yaml'),
      '--format', 'json', '-o', out, '--check-version', '--fail-on', 'none']);
    if (!existsSync(out)) throw new Error(`redocly diff failed (exit ${run.status}):\n${withoutBanner(run.stderr + run.stdout)}`);
    const refusals = withoutBanner(run.stderr + run.stdout).split('\n').filter((line) => line.startsWith('❌')).map((line) => line.replace(/^❌\s*/, ''));
    if (run.status !== 0 && refusals.length === 0) throw new Error(`redocly diff failed (exit ${run.status}):\n${withoutBanner(run.stderr + run.stdout)}`);
    return { report: JSON.parse(readFileSync(out, 'utf8')) as DiffReport, refusals };
  } finally {
    work.remove();
  }
}

/** The changes worth listing: all of them but the change of info.version itself. */
export function listedChanges(report: DiffReport): DiffChange[] {
  const order: Record<Impact, number> = { major: 0, minor: 1, patch: 2 };
  return report.changes
    .filter((c) => !(c.path === '#/info' && c.property === 'version'))
    .map((change, index) => ({ change, index, heading: describe(change).where }))
    .sort((a, b) => order[a.change.impact] - order[b.change.impact] || a.heading.localeCompare(b.heading) || a.index - b.index)
    .map(({ change }) => change);
}

/** "2 major, 1 minor, 0 patch" */
export function countChanges(changes: DiffChange[]): string {
  return (['major', 'minor', 'patch'] as const).map((impact) => `${changes.filter((c) => c.impact === impact).length} ${impact}`).join(', ');
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const segmentsOf = (pointer: string) => pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(unescape);

export interface DescribedChange {
  impact: Impact;
  /** The operation ("GET /customer"), the path ("/region/nearest"), or the top-level section ("servers"). */
  where: string;
  /** Below that: "responses/200/content/application/json/schema/properties/customer · required". */
  location: string;
  /** What changed, in words: the rules' messages, else the kind of change. */
  message: string;
  rules: string[];
  /**
   * The component it is in ("components/schemas/Password"), when it is reached through one: redocly
   * reports a change of a shared component once, at the first operation that reaches it.
   */
  component?: string;
}

export function describe(change: DiffChange): DescribedChange {
  const segments = segmentsOf(change.path);
  let where: string;
  let rest: string[];
  if (segments[0] === 'paths' && segments[1]) {
    const method = segments[2] as (typeof HTTP_METHODS)[number] | undefined;
    if (method && HTTP_METHODS.includes(method)) [where, rest] = [`${method.toUpperCase()} ${segments[1]}`, segments.slice(3)];
    else [where, rest] = [segments[1], segments.slice(2)];
  } else {
    [where, rest] = [segments[0] ?? 'document', segments.slice(1)];
  }
  const location = [rest.join('/'), change.property].filter(Boolean).join(' · ');
  const messages = change.verdicts.map((v) => v.message);
  const fallback = change.kind === 'modified' ? `\`${change.property}\` changed` : change.kind;
  const defined = segmentsOf(change.verdicts[0]?.location.pointer ?? change.revision?.pointer ?? change.base?.pointer ?? '');
  return {
    impact: change.impact,
    where,
    location,
    message: messages.length > 0 ? messages.join(' ') : fallback,
    rules: change.verdicts.map((v) => v.ruleId),
    ...(where !== 'components' && defined[0] === 'components' && defined.length >= 3 ? { component: defined.slice(0, 3).join('/') } : {}),
  };
}

/**
 * Where a change sits for the person who makes it: for an addition or modification, the file of
 * openapi/ that holds it (a component's own file, a path's file) and its line; for a removal, the
 * release snapshot that still has it.
 */
export function sourceOf(change: DiffChange, root: string, release: Release): string {
  const verdict = change.verdicts[0]?.location;
  if (change.kind === 'removed') {
    const place = verdict ?? change.base;
    return place ? `${relative(root, release.file)}:${place.line} (${place.pointer})` : relative(root, release.file);
  }
  const pointer = verdict && verdict.pointer ? verdict.pointer : change.revision?.pointer ?? change.path;
  const segments = segmentsOf(pointer);
  // A component has a file of its own, a path too (unless openapi.yaml points it at another path's file).
  const candidates: [string, string[]][] = [];
  if (segments[0] === 'components' && segments.length >= 3) candidates.push([`openapi/components/${segments[1]}/${segments[2]}.yaml`, segments.slice(3)]);
  if (segments[0] === 'paths' && segments[1]) candidates.push([`openapi/paths/${segments[1].slice(1).replace(/\//g, '_')}.yaml`, segments.slice(2)]);
  candidates.push(['openapi/openapi.yaml', segments]);
  const [file, inner] = candidates.find(([candidate]) => existsSync(join(root, candidate)))!;
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(join(root, file), 'utf8'), { lineCounter });
  const node = document.getIn(inner, true) as { range?: [number, number, number] } | undefined;
  const line = node?.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
  return `${file}${line}${inner.length > 0 ? ` (#/${inner.map(pointerSegment).join('/')})` : ''}`;
}

/** info.version of the document in `file`. */
export function versionOf(spec: JsonObject): string {
  return String((spec.info as JsonObject).version);
}

/** Writes `spec` with info.version set to `version` into `file`. */
export function writeWithVersion(spec: JsonObject, version: string, file: string): void {
  writeFileSync(file, JSON.stringify({ ...spec, info: { ...(spec.info as JsonObject), version } }, null, 2) + '\n');
}
