// Invoice numbers are the period's sequence (YYMM and the sequence): a counter per period hands them out
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
    // Periods already invoiced go on after their highest sequence: the digits after YYMM, whichever
    // width they were written in (5 digits before contract 2.0.0, at least 3 since: 240100001, 2401001).
    const period = sql`cast((year % 100) * 100 + month as text)`;
    await sql`insert into invoice_sequences (year, month, last)
      select year, month, max(cast(substr(cast(number as text), length(${period}) + 1) as integer)) from invoices group by year, month`.execute(db);
  };
}
