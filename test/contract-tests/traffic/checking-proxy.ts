// The checking proxy as a user runs it (`npm run contract -- proxy ...`, a process of its own): its
// URL once it listens, and what it printed and wrote once stopped with SIGINT.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../../../lib/processes.js';

export interface TrafficReport {
  exchanges: number;
  checked: number;
  passed: boolean;
  failed: number;
  notChecked: Record<'undocumented' | 'incomplete' | 'bodyUnread', { count: number; examples: string[] }>;
  checks: { check: string; tier: string; passed: number; failed: number; differed: number }[];
  coverage: { exercised: number; documented: number; cells: { operation: string; status: string; errorCode?: string; state: string }[] };
  failures: { check: string; tier: string; operation: string; expected: string; actual: string; curl: string }[];
  differences: { check: string; operation: string; actual: string }[];
}

export interface RunningProxy {
  url: string;
  /** SIGINT (or `signal`), then the exit code, everything it printed, and its JSON report. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string; report: TrafficReport }>;
}

export const contractCommand = ['--import', 'tsx', 'contract-tests/cli.ts'];

/** Starts `proxy --upstream URL --port 0 --report FILE ARGS`, by default as `npm run contract` runs it. */
export function startCheckingProxy(upstream: string, report: string, args: string[] = [], command = [process.execPath, ...contractCommand], cwd = repoRoot): Promise<RunningProxy> {
  const child = spawn(command[0]!, [...command.slice(1), 'proxy', '--upstream', upstream, '--port', '0', '--report', report, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let listening = false;
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /Checking proxy on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url && !listening) {
        listening = true;
        resolve({
          url,
          async stop(signal = 'SIGINT') {
            child.kill(signal);
            const code = await exited;
            return { code, stdout, stderr, report: JSON.parse(readFileSync(report, 'utf8')) as TrafficReport };
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`the proxy exited with ${code} before it listened:\n${stdout}${stderr}`)));
  });
}
