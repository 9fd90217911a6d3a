// The two packages of `npm run pack`, each installed into an empty project outside the repository
// (npm install of the tarball; openapi-fetch, TypeScript and msw come from the npm registry) and used
// there: the client logs in and reads GET /customer from the reference server, type-checked by the
// project's own TypeScript; its MSW handlers (`@jwi/api-client/msw`, once the project adds msw) answer
// the client in msw/node; the command `jwi-contract` runs the whole suite against the reference
// server and exits 0. Both are versioned as the contract, and nothing in them points back here.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, type JsonObject } from '../../lib/spec/bundle.js';
import { startReferenceTarget, type ReferenceTarget } from '../contract-tests/target.js';
import { runCommand } from '../support/commands.js';
import { repoRoot } from '../support/servers.js';

const version = String((loadBundle().info as JsonObject).version);
const kit = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
// The tests' own npm settings (npm_config_*, npm_package_*) stay here: the projects are someone else's.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
const scratch: string[] = [];
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `jwi-${label}-`));
  scratch.push(dir);
  return dir;
};
const run = (command: string, args: string[], cwd: string) => runCommand(command, args, { cwd, env });

/** An empty project in a temporary folder with `packages` installed from the npm registry or a tarball. */
async function project(label: string, packages: string[]): Promise<string> {
  const dir = tempDir(label);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `jwi-${label}-consumer`, private: true, type: 'module' }));
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packages], dir);
  if (install.code !== 0) throw new Error(`npm install ${packages.join(' ')} failed:\n${install.stderr}`);
  return dir;
}

const filesOf = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();

let tarballs: { client: string; suite: string };
let target: ReferenceTarget;

beforeAll(async () => {
  const out = tempDir('packages');
  const pack = await run('npm', ['run', '-s', 'pack', '--', '--out', out], repoRoot);
  expect(pack.code, pack.stderr).toBe(0);
  tarballs = { client: join(out, `jwi-api-client-${version}.tgz`), suite: join(out, `jwi-contract-suite-${version}.tgz`) };
  expect(readdirSync(out).sort()).toEqual([`jwi-api-client-${version}.tgz`, `jwi-contract-suite-${version}.tgz`]);
  target = await startReferenceTarget();
}, 120_000);
afterAll(async () => {
  await target?.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('@jwi/api-client, installed in an empty project', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('client', [tarballs.client, `typescript@${kit.devDependencies.typescript}`]);
  }, 180_000);

  it('is the contract version, with openapi-fetch its one dependency, the compiled client, its declarations, the MSW handlers and the bundled spec', () => {
    const installed = join(dir, 'node_modules', '@jwi', 'api-client');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as JsonObject;
    expect(manifest.version).toBe(version);
    expect(manifest.dependencies).toEqual({ 'openapi-fetch': kit.dependencies['openapi-fetch'] });
    // msw only for the handlers, at the kit's major: a project that does not use them does not get it.
    expect([manifest.peerDependencies, manifest.peerDependenciesMeta]).toEqual([{ msw: `^${kit.devDependencies.msw}` }, { msw: { optional: true } }]);
    expect(readdirSync(join(dir, 'node_modules'))).not.toContain('msw');
    expect(filesOf(installed)).toEqual(['CHANGELOG.md', 'README.md', 'api.d.ts', 'client.d.ts', 'client.js', 'msw.d.ts', 'msw.js', 'openapi.json', 'openapi.yaml', 'package.json']);
    expect(readFileSync(join(installed, 'openapi.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'generated', 'openapi.json'), 'utf8'));
    for (const file of filesOf(installed)) expect(readFileSync(join(installed, file), 'utf8'), file).not.toContain(repoRoot);
  });

  it('logs in and reads GET /customer from the reference server, typed by the project\'s own TypeScript', async () => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], strict: true, resolveJsonModule: true, outDir: 'out', types: [] },
      files: ['consumer.ts'],
    }));
    writeFileSync(join(dir, 'consumer.ts'), `
import { createJwiClient, type components } from '@jwi/api-client';
import spec from '@jwi/api-client/openapi.json' with { type: 'json' };
import target from './target.json' with { type: 'json' };

const jwi = createJwiClient({ baseUrl: target.baseUrl });
const login = await jwi.POST('/auth/login', { body: { identifier: 'john@example.com', password: 'rahasia123' } });
if (!login.data) throw new Error(\`login answered \${login.response.status}\`);
jwi.setToken(login.data.token);
const { data, response } = await jwi.GET('/customer');
const customer: components['schemas']['Customer'] | undefined = data?.customer;
export function requestsTheContractForbids() { // never called: tsc checks it
  // @ts-expect-error: the contract has no such path, and the types know it
  void jwi.GET('/customers');
  // @ts-expect-error: a login needs a password
  void jwi.POST('/auth/login', { body: { identifier: 'john@example.com' } });
}
console.log(JSON.stringify({ status: response.status, noServices: customer?.no_services, packageName: customer?.service.package.name, contract: spec.info.version }));
`);
    writeFileSync(join(dir, 'target.json'), JSON.stringify({ baseUrl: target.config.baseUrl }));
    const tsc = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const consumer = await run(process.execPath, [join('out', 'consumer.js')], dir);
    expect(consumer.stderr).toBe('');
    expect(JSON.parse(consumer.stdout)).toEqual({ status: 200, noServices: 'ISP00123', packageName: expect.any(String), contract: version });
  }, 120_000);

  it('answers the client from its MSW handlers in msw/node, typed by the project\'s own TypeScript, once the project adds msw', async () => {
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `msw@${kit.devDependencies.msw}`], dir);
    expect(install.code, install.stderr).toBe(0);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], strict: true, outDir: 'out', types: [] },
      files: ['handlers.ts'],
    }));
    writeFileSync(join(dir, 'handlers.ts'), `
import { setupServer } from 'msw/node';
import { createJwiClient } from '@jwi/api-client';
import { createJwiMocks } from '@jwi/api-client/msw';

const jwi = createJwiMocks();
const client = createJwiClient({ baseUrl: 'https://api.jwi.id/api', token: 'any-token' });
const server = setupServer(...jwi.handlers);
server.listen({ onUnhandledRequest: 'error' });
const customer = await client.GET('/customer');
server.use(jwi.outcome('GET /customer', 404, 'not_subscribed'));
const notSubscribed = await client.GET('/customer');
server.use(jwi.override('GET /help/options', 200, { status: 'success', message: 'Opsi bantuan.', help_types: [], help_solutions: [] }));
const options = await client.GET('/help/options');
// @ts-expect-error: a login needs a password (sent anyway, to see the handlers refuse it)
const invalid = await client.POST('/auth/login', { body: { identifier: 'john@example.com' } });
server.close();
export function outcomesTheContractDoesNotHave() { // never called: tsc checks it
  // @ts-expect-error: GET /customer has no example of that name
  jwi.outcome('GET /customer', 404, 'not_subscribd');
  // @ts-expect-error: the spec's customer name is text
  jwi.override('GET /customer', 200, { status: 'success', message: 'ok', customer: { name: 1 } });
}
console.log(JSON.stringify({
  customer: [customer.response.status, customer.data?.customer.no_services],
  notSubscribed: [notSubscribed.response.status, notSubscribed.error && 'status' in notSubscribed.error ? notSubscribed.error.status : undefined],
  options: [options.response.status, options.data?.message],
  invalid: [invalid.response.status, invalid.error],
}));
`);
    const tsc = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const consumer = await run(process.execPath, [join('out', 'handlers.js')], dir);
    expect(consumer.stderr).toBe('');
    expect(JSON.parse(consumer.stdout)).toEqual({
      customer: [200, 'ISP00123'],
      notSubscribed: [404, 'not_subscribed'],
      options: [200, 'Opsi bantuan.'],
      invalid: [422, { message: 'The given data was invalid.', errors: { password: ['The password field is required.'] } }],
    });
  }, 180_000);
});

describe('@jwi/contract-suite, installed in an empty project', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('suite', [tarballs.suite]);
  }, 180_000);

  it('is the contract version, with no dependency, no TypeScript and the spec it checks inside', () => {
    expect(readdirSync(join(dir, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['@jwi']);
    const installed = join(dir, 'node_modules', '@jwi', 'contract-suite');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as JsonObject;
    expect(manifest.version).toBe(version);
    expect(manifest.dependencies).toBeUndefined();
    expect(filesOf(installed)).toEqual(['CHANGELOG.md', 'README.md', 'dist/contract/jwi-contract.mjs', 'generated/openapi.json', 'package.json']);
    expect(readFileSync(join(installed, 'generated', 'openapi.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'generated', 'openapi.json'), 'utf8'));
    for (const file of filesOf(installed)) expect(readFileSync(join(installed, file), 'utf8'), file).not.toContain(repoRoot);
  });

  it('jwi-contract runs the whole suite against the reference server and exits 0', async () => {
    const { baseUrl, ...config } = target.config;
    writeFileSync(join(dir, 'contract.json'), JSON.stringify(config, null, 2));
    const suite = await run(join(dir, 'node_modules', '.bin', 'jwi-contract'), ['--base-url', baseUrl, '--config', 'contract.json', '--junit', 'junit.xml'], dir);
    expect(suite.stdout.split('\n').filter((line) => /never exercised:|^\s+\[/.test(line))).toEqual([]);
    console.log(`jwi-contract: exit ${suite.code}; ${/\d+ requests in .*/.exec(suite.stdout)?.[0]}; ${/Coverage: .*/.exec(suite.stdout)?.[0]}`);
    expect(suite.code, suite.stderr).toBe(0);
    expect(suite.stdout).toMatch(/Coverage: \d+ of \d+ documented outcomes exercised, 0 failed, 0 never exercised/);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuite name="coverage"');
  }, 300_000);

  it('jwi-contract names itself in its usage, and stops on a target that is not there', async () => {
    const command = join(dir, 'node_modules', '.bin', 'jwi-contract');
    expect((await run(command, ['--help'], dir)).stdout).toMatch(/^usage: jwi-contract --base-url URL \[options\]/);
    const absent = await run(command, ['--base-url', 'http://127.0.0.1:9/api'], dir);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('http://127.0.0.1:9/api does not answer');
  }, 60_000);
});
