// Invoice numbers are the period's sequence (YYMM and 5 digits): a counter per period hands them out
// under a row lock, in the transaction that stores the invoice, as ticket_sequences does for tickets.
// Taking the period's highest number plus one and retrying on a clash starved a second generator
// running at once: the first always held the next number, and the second gave up after 20 clashes.
import { sql, type Kysely } from 'kysely';

export function up() {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.createTable('invoice_sequences')
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('last', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('invoice_sequences_period', ['year', 'month'])
      .execute();
    // Periods already invoiced go on after their highest number.
    await sql`insert into invoice_sequences (year, month, last) select year, month, max(number) % 100000 from invoices group by year, month`.execute(db);
  };
}
