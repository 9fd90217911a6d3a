// Earlier servers with the demo data wrote the port of their own RouterOS simulator into the demo
// router's row (RT-01), so that the row pointed at a process that had ended, or at another one's.
// The row goes back to the address it was seeded with, which each server now resolves to a
// simulator of its own without writing (server/demo/demo-router.ts). A row whose host or login was
// changed by hand is left alone.
import { sql, type Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await sql`update routers set port = 8728
      where alias = 'RT-01' and host = '127.0.0.1' and username = 'api' and password = 'api-demo'`.execute(db);
  };
}
