// npm run bench -- --profile ROUTE|all [--seconds S]
// Where the reference server's time goes on a route: the server as shipped (c) runs with
// --cpu-prof while autocannon drives the route; the profile's self time is summed per function and
// per package (or file of ours), the top entries written to bench/profiles/<route>.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

/** Where a function comes from: a package, a node: module, a file of ours, or the engine. */
function origin(url: string, name: string): string {
  if (IDLE.has(name)) return name;
  if (!url) return '(native code, compiled validators)';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return `ours: ${url.split('/').slice(-1)[0]}`;
}

export function summarize(profileDir: string, title: string, top = 15): string {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile in ${profileDir}`);
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id] as const)));
  const keyOf = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
    `${functionName || '(anonymous)'} (${origin(url, functionName)}${url ? `:${lineNumber + 1}` : ''})`;
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  // Our functions' total time (their own and their callees'): which step of ours costs what.
  const oursTotal = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id)!;
    const delta = profile.timeDeltas[i] ?? 0;
    if (callFrame.functionName === '(idle)') return;
    busy += delta;
    const where = origin(callFrame.url, callFrame.functionName);
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + delta);
    const key = keyOf(callFrame);
    byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
    const onStack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
      const frame = byId.get(node)!.callFrame;
      if (origin(frame.url, frame.functionName).startsWith('ours:')) onStack.add(keyOf(frame));
    }
    for (const caller of onStack) oursTotal.set(caller, (oursTotal.get(caller) ?? 0) + delta);
  });
  const rows = (map: Map<string, number>, count = top) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, us]) => `| ${name.replace(/\|/g, '\\|')} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)} |`);
  return [`### ${title}`, '', `Busy (not idle) CPU time of the server: ${(busy / 1e6).toFixed(2)} s.`, '',
    '| function (where) | self ms | % of busy |', '|---|---:|---:|', ...rows(byFunction), '',
    '| where | self ms | % of busy |', '|---|---:|---:|', ...rows(byOrigin), '',
    '| our function, with what it calls | total ms | % of busy |', '|---|---:|---:|', ...rows(oursTotal, 25), ''].join('\n');
}

const profileFileName = (routeName: string) => routeName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();

export function writeProfile(routeName: string, markdown: string, root: string): string {
  const dir = join(root, 'bench', 'profiles');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${profileFileName(routeName)}.md`);
  writeFileSync(file, `# CPU profile: ${routeName}\n\nWritten by \`npm run bench -- --profile\` on ${new Date().toISOString().slice(0, 10)}.\n\n${markdown}`);
  return file;
}

/** The top packages by self time of each route's profile in bench/profiles/ (and in
 * bench/profiles/before/, when kept from before a change), for bench/RESULTS.md. */
export function profileDigest(root: string, routeNames: string[], top = 6): string {
  const dir = join(root, 'bench', 'profiles');
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  const digest = (markdown: string | undefined, label: string) => {
    if (!markdown) return [];
    const lines = markdown.split('\n');
    const run = lines.find((line) => line.startsWith('### '))?.slice(4) ?? '';
    const table = lines.slice(lines.indexOf('| where | self ms | % of busy |'));
    return [`${label}: ${run}`, '', ...table.slice(0, 2 + top), ''];
  };
  const sections = routeNames.flatMap((name) => {
    const file = `${profileFileName(name)}.md`;
    const now = read(join(dir, file));
    const before = read(join(dir, 'before', file));
    if (!now && !before) return [];
    return [`### ${name} ([profile](profiles/${file}))`, '', ...digest(before, 'Before'), ...digest(now, 'Now')];
  });
  if (sections.length === 0) return '';
  return ['## Where the time goes', '', 'Self time by package or file under `--cpu-prof` (`npm run bench -- --profile all`), top entries; each file has the functions too. ' +
    "V8's profiler samples in wall-clock time: when the server's thread has to wait for a core after a system call that let another process run (the socket write that wakes the load generator, SQLite's file locks), " +
    'the wait is counted to the function that made the call, so `writev` and better-sqlite3 (`all`) weigh more here than in CPU time (`perf record` of `node --perf-basic-prof` shows where the CPU goes).', '', ...sections].join('\n');
}
