// Which partner key paid an invoice: any active key can pay any invoice (the contract gives keys no
// scope), so the payment records the key that made it, for audits and disputes. Payments from before
// stay null.
import type { Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('invoices').addColumn('paid_by_key_id', 'integer', (c) => c.references('api_keys.id')).execute();
  };
}
