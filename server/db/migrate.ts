// Versioned migrations, run at start-up (and by the CLI commands) before anything else.
import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { DatabaseHandle } from './database.js';
import * as m0001 from './migrations/0001_accounts_customers_helpdesk_invoices.js';
import * as m0002 from './migrations/0002_keys_notifications_routers.js';
import * as m0003 from './migrations/0003_ticket_sequences.js';
import * as m0004 from './migrations/0004_services_by_customer.js';
import * as m0005 from './migrations/0005_token_versions.js';
import * as m0006 from './migrations/0006_invoice_sequences.js';
import * as m0007 from './migrations/0007_demo_router_address.js';
import * as m0008 from './migrations/0008_uploaded_images.js';
import * as m0009 from './migrations/0009_invoice_payers.js';

export async function migrateToLatest(database: DatabaseHandle): Promise<string[]> {
  return applied(await migrator(database).migrateToLatest());
}

/** Migrates up to the migration `name`, included (a database as an older release left it). */
export async function migrateUpTo(database: DatabaseHandle, name: string): Promise<string[]> {
  return applied(await migrator(database).migrateTo(name));
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function migrator({ db, dialect, schema }: DatabaseHandle): Migrator {
  const migrations: Record<string, Migration> = {
    '0001_accounts_customers_helpdesk_invoices': { up: m0001.up(dialect) },
    '0002_keys_notifications_routers': { up: m0002.up(dialect) },
    '0003_ticket_sequences': { up: m0003.up() },
    '0004_services_by_customer': { up: m0004.up() },
    '0005_token_versions': { up: m0005.up() },
    '0006_invoice_sequences': { up: m0006.up() },
    '0007_demo_router_address': { up: m0007.up() },
    '0008_uploaded_images': { up: m0008.up() },
    '0009_invoice_payers': { up: m0009.up() },
  };
  // Naming the schema keeps Kysely from mistaking another schema's migration tables for ours. The
  // names are ordered as plain strings: Kysely's default, localeCompare, loads ICU's collation
  // tables, which then stay in the server's memory for its whole life (docs/performance.md, Storage).
  return new Migrator({
    db, provider: { getMigrations: async () => migrations }, nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}
