// Versioned migrations, run at start-up (and by the CLI commands) before anything else.
import { Migrator, type Migration } from 'kysely';
import type { DatabaseHandle } from './database.js';
import * as m0001 from './migrations/0001_accounts_customers_helpdesk_invoices.js';
import * as m0002 from './migrations/0002_keys_notifications_routers.js';
import * as m0003 from './migrations/0003_ticket_sequences.js';
import * as m0004 from './migrations/0004_services_by_customer.js';
import * as m0005 from './migrations/0005_token_versions.js';
import * as m0006 from './migrations/0006_invoice_sequences.js';
import * as m0007 from './migrations/0007_uploaded_images.js';

export async function migrateToLatest({ db, dialect, schema }: DatabaseHandle): Promise<string[]> {
  const migrations: Record<string, Migration> = {
    '0001_accounts_customers_helpdesk_invoices': { up: m0001.up(dialect) },
    '0002_keys_notifications_routers': { up: m0002.up(dialect) },
    '0003_ticket_sequences': { up: m0003.up() },
    '0004_services_by_customer': { up: m0004.up() },
    '0005_token_versions': { up: m0005.up() },
    '0006_invoice_sequences': { up: m0006.up() },
    '0007_uploaded_images': { up: m0007.up() },
  };
  // Naming the schema keeps Kysely from mistaking another schema's migration tables for ours. The
  // names are ordered as plain strings: Kysely's default, localeCompare, loads ICU's collation
  // tables, ~3 MB of resident memory for the server's whole life.
  const migrator = new Migrator({
    db, provider: { getMigrations: async () => migrations }, nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
