// Parses the prose reference (docs/reference/jwi-api-reference.txt) into its 35 operation
// sections: the path, the request fields its field table lists, the statuses its status table
// lists, and the JSON examples it prints.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One row of a section's `| Field | Type | Required | Note |` table. */
export interface ReferenceField {
  name: string;
  /** As written: string, integer, numeric, boolean, object, array[string], file; '' where the scrape lost it. */
  type: string;
  required: boolean;
  /** The note, '' when there is none (a note that holds `|`, e.g. `android | ios | web`, is kept whole). */
  note: string;
}

export interface ReferenceSection {
  path: string;
  fields: ReferenceField[];
  statuses: string[];
  /** The description of each status, in the order of `statuses`. */
  statusDescriptions: string[];
  examples: unknown[];
}

const referenceFile = fileURLToPath(new URL('../../docs/reference/jwi-api-reference.txt', import.meta.url));
const SECTION = /^(?:\d+ endpoints)?https:\/\/api\.jwi\.id\/api(\/\S+)$/;
const STATUS_ROW = /^\| (\d{3}) \| (.*) \|$/;
// A field row is scraped onto two lines: `name |`, then `type | required | note |` (the type cell
// is empty, and the row one cell short, where the scrape lost it: `required | note | |`).
const FIELD_NAME = /^([a-z_]+) \|$/;
const REQUIRED = new Set(['required', 'optional']);

function fieldRow(name: string, line: string): ReferenceField {
  const cells = line.split('|').map((cell) => cell.trim());
  if (cells.at(-1) === '') cells.pop();
  const typeLost = REQUIRED.has(cells[0]!);
  const [type, required, ...note] = typeLost ? ['', ...cells] : cells;
  if (!REQUIRED.has(required!)) throw new Error(`reference field ${name}: cannot read "${line}"`);
  return { name, type: type!, required: required === 'required', note: note.filter((cell) => cell !== '').join(' | ') };
}

export function readReference(): ReferenceSection[] {
  const lines = readFileSync(referenceFile, 'utf8').split('\n');
  const sections: ReferenceSection[] = [];
  let pendingJson: string[] | undefined;
  // Inside a field table (not the `| Name | Required | Note |` header table): the name of the row being read.
  let inFields = false;
  let fieldName: string | undefined;
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
      sections.push({ path: section[1]!, fields: [], statuses: [], statusDescriptions: [], examples: [] });
      inFields = false;
      continue;
    }
    if (sections.length === 0) continue;
    if (line === '| Field | Type | Required | Note |') {
      inFields = true;
      continue;
    }
    if (inFields) {
      if (fieldName !== undefined) {
        sections.at(-1)!.fields.push(fieldRow(fieldName, line));
        fieldName = undefined;
        continue;
      }
      const name = FIELD_NAME.exec(line);
      if (name) {
        fieldName = name[1];
        continue;
      }
      if (!line.startsWith('|---')) inFields = false;
    }
    const status = STATUS_ROW.exec(line);
    if (status) {
      sections.at(-1)!.statuses.push(status[1]!);
      sections.at(-1)!.statusDescriptions.push(status[2]!);
    }
    if (line === '{') pendingJson = [line];
  }
  return sections;
}

// HTTP status of each status-envelope value, as the reference's status tables use them.
const STATUS_VALUE_HTTP: Record<string, string> = {
  failed: '422', not_found: '404', not_subscribed: '404', not_found_on_router: '404',
  forbidden: '403', already_subscribed: '409', not_synced: '409', unreachable: '503',
};

/** The HTTP status a reference example belongs to, judged from its content alone (`errorStatus`:
 * the HTTP status of each billing error_code; `success`: the operation's success status). */
export function statusOfExample(example: Record<string, unknown>, success: string, errorStatus: Record<string, number>): string {
  if (typeof example.error_code === 'string') return String(errorStatus[example.error_code]);
  if (example.message === 'Unauthenticated.') return '401';
  if ('errors' in example) return '422';
  if (typeof example.status === 'string' && example.status in STATUS_VALUE_HTTP) return STATUS_VALUE_HTTP[example.status]!;
  return success;
}
