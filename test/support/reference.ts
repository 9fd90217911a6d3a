// Parses the prose reference (docs/reference/jwi-api-reference.txt) into its 35 operation
// sections: the path, the statuses its tables list, and the JSON examples it prints.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ReferenceSection {
  path: string;
  statuses: string[];
  examples: unknown[];
}

const referenceFile = fileURLToPath(new URL('../../docs/reference/jwi-api-reference.txt', import.meta.url));
const SECTION = /^(?:\d+ endpoints)?https:\/\/api\.jwi\.id\/api(\/\S+)$/;
const STATUS_ROW = /^\| (\d{3}) \| .* \|$/;

export function readReference(): ReferenceSection[] {
  const lines = readFileSync(referenceFile, 'utf8').split('\n');
  const sections: ReferenceSection[] = [];
  let pendingJson: string[] | undefined;
  for (const line of lines) {
    if (pendingJson) {
      pendingJson.push(line);
      if (line === '}') {
        try {
          sections.at(-1)!.examples.push(JSON.parse(pendingJson.join('\n')));
          pendingJson = undefined;
        } catch {
          // a closing brace of a nested object: keep reading
        }
      }
      continue;
    }
    if (line.startsWith('Response Codes')) break; // the closing table is API-wide, not an operation's
    const section = SECTION.exec(line);
    if (section) {
      sections.push({ path: section[1]!, statuses: [], examples: [] });
      continue;
    }
    if (sections.length === 0) continue;
    const status = STATUS_ROW.exec(line);
    if (status) sections.at(-1)!.statuses.push(status[1]!);
    if (line === '{') pendingJson = [line];
  }
  return sections;
}
