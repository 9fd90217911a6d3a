// A copy of the contract's part of the project (openapi/, releases/, CHANGELOG.md, the lint config)
// in a temporary folder, for the tests of contract:diff and release (their --root): edit the copy's
// spec and run the command on it, the repository stays as it is. In the copy, the working contract
// is the latest release, 1.0.0, whatever the working tree has changed since its release and before
// the next one (its snapshot is the working bundle, generated/openapi.json): the tests' versions
// and changes are those of their edits alone.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { repoRoot } from '../../lib/processes.js';
import { runCommand } from './commands.js';

export interface ProjectCopy {
  root: string;
  /** Edits a YAML file of the copy (a path under the copy, e.g. openapi/paths/invoice.yaml) through the yaml Document API. */
  editYaml(file: string, edit: (document: ReturnType<typeof parseDocument>) => void): void;
  read(file: string): string;
  write(file: string, text: string): void;
  exists(file: string): boolean;
  /** Runs `npm run <script> -- --root <copy> ...args`: its exit code and output. */
  run(script: 'contract:diff' | 'release', ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): void;
}


/** The version the copy's contract is released as. */
const FIXTURE_RELEASE = '1.0.0';

export function copyProject(parts = ['openapi', 'releases', 'CHANGELOG.md', 'redocly.yaml']): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), 'jwi-project-'));
  for (const part of parts.filter((p) => p !== 'releases')) cpSync(join(repoRoot, part), join(root, part), { recursive: true });
  // The copy's changelog ends with the fixture's release, as the copy's releases/ does.
  if (parts.includes('CHANGELOG.md')) {
    const [preamble, ...sections] = readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8').split(/^(?=## )/m);
    writeFileSync(join(root, 'CHANGELOG.md'), preamble + sections.filter((section) => section.startsWith(`## ${FIXTURE_RELEASE} `)).join(''));
  }
  const bundle = JSON.parse(readFileSync(join(repoRoot, 'generated/openapi.json'), 'utf8')) as { info: { version: string } };
  if (parts.includes('releases')) {
    mkdirSync(join(root, 'releases', FIXTURE_RELEASE), { recursive: true });
    writeFileSync(join(root, 'releases', FIXTURE_RELEASE, 'openapi.json'), `${JSON.stringify({ ...bundle, info: { ...bundle.info, version: FIXTURE_RELEASE } }, null, 2)}\n`);
  }
  const project: ProjectCopy = {
    root,
    editYaml(file, edit) {
      const document = parseDocument(readFileSync(join(root, file), 'utf8'));
      edit(document);
      writeFileSync(join(root, file), String(document));
    },
    read: (file) => readFileSync(join(root, file), 'utf8'),
    write: (file, text) => writeFileSync(join(root, file), text),
    exists: (file) => existsSync(join(root, file)),
    run: (script, ...args) =>
      runCommand('npm', ['run', '-s', script, '--', '--root', root, ...args]),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  if (parts.includes('openapi')) setVersion(project, FIXTURE_RELEASE);
  return project;
}

/** Sets info.version in the copy's openapi/openapi.yaml. */
export function setVersion(project: ProjectCopy, version: string): void {
  project.editYaml('openapi/openapi.yaml', (document) => document.setIn(['info', 'version'], version));
}

// Edits of the spec the gate rates, each on the copy's source files.
export type Edit = (project: ProjectCopy) => void;

const removeOperation: Edit = (p) => p.editYaml('openapi/paths/notification_token.yaml', (d) => d.delete('delete'));
const addRequiredParameter: Edit = (p) => p.editYaml('openapi/paths/invoice.yaml', (d) => {
  d.addIn(['get', 'parameters'], d.createNode({ name: 'branch', in: 'query', required: true, schema: { type: 'string' } }));
});
const removeResponseProperty: Edit = (p) => p.editYaml('openapi/components/schemas/Customer.yaml', (d) => {
  d.deleteIn(['properties', 'service']);
  d.set('required', d.createNode((d.toJS() as { required: string[] }).required.filter((name) => name !== 'service')));
});
const narrowRequestConstraint: Edit = (p) => p.editYaml('openapi/components/schemas/Password.yaml', (d) => d.set('maxLength', 64));
const addOptionalResponseProperty: Edit = (p) => p.editYaml('openapi/components/schemas/Customer.yaml', (d) => {
  d.setIn(['properties', 'nickname'], d.createNode({ type: ['string', 'null'], description: 'What the customer likes to be called.' }));
});
const addOperation: Edit = (p) => {
  p.write('openapi/paths/region_nearest.yaml', p.read('openapi/paths/region.yaml')
    .replace('operationId: listRegions', 'operationId: findNearestRegion').replace('summary: List regions', 'summary: Find the nearest region'));
  p.editYaml('openapi/openapi.yaml', (d) => d.setIn(['paths', '/region/nearest'], d.createNode({ $ref: 'paths/region_nearest.yaml' })));
};

export const specEdits = {
  removeOperation, addRequiredParameter, removeResponseProperty, narrowRequestConstraint, addOptionalResponseProperty, addOperation,
};
