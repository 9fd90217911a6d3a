// Reads the operations table of docs/design/ENDPOINTS.md: the 35 operations the spec must have.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PlannedOperation {
  number: number;
  tag: string;
  method: string;
  path: string;
  auth: string;
  success: string;
}

const endpointsFile = fileURLToPath(new URL('../../docs/design/ENDPOINTS.md', import.meta.url));
const ROW = /^\| (\d+) \| ([^|]+) \| (GET|POST|PUT|DELETE|PATCH) \| (\S+) \| ([^|]+) \| [^|]+ \| (\d{3}) \|$/;

export function readPlannedOperations(): PlannedOperation[] {
  return readFileSync(endpointsFile, 'utf8')
    .split('\n')
    .map((line) => ROW.exec(line))
    .filter((match) => match !== null)
    .map((m) => ({
      number: Number(m[1]),
      tag: m[2]!.trim(),
      method: m[3]!,
      path: m[4]!,
      auth: m[5]!.trim(),
      success: m[6]!,
    }));
}
