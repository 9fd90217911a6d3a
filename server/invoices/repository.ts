// Data access for invoices and their lines.
import type { ExpressionBuilder, Insertable, Kysely, Selectable } from 'kysely';
import { inTransaction } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { linesByInvoice, type InvoiceLineRow } from './lines.js';

export type InvoiceRow = Selectable<Database['invoices']>;

/** Filters of a customer's own invoice list: null leaves a filter out. */
export interface CustomerInvoiceFilter {
  status: InvoiceRow['status'] | null;
  month: number | null;
  year: number | null;
}

const ALREADY_INVOICED = Symbol('already invoiced');

/** The customer's invoices that pass the filters; a filter given as null passes every invoice (one
 * statement for every combination, so that it is compiled once; the casts tell PostgreSQL the type
 * of a parameter that is only compared with null). */
const ownInvoices = (customerId: number, status: string | null, month: number | null, year: number | null) =>
  ({ eb, and, or }: ExpressionBuilder<Database, 'invoices'>) => and([
    eb('invoices.customer_id', '=', customerId),
    or([eb(eb.cast(eb.val(status), 'text'), 'is', null), eb('invoices.status', '=', status as InvoiceRow['status'])]),
    or([eb(eb.cast(eb.val(month), 'integer'), 'is', null), eb('invoices.month', '=', month as number)]),
    or([eb(eb.cast(eb.val(year), 'integer'), 'is', null), eb('invoices.year', '=', year as number)]),
  ]);

export function invoiceRepository(db: Kysely<Database>) {
  // The app's invoice list, compiled once: it is read far more often than anything else here.
  const ownRows = prepared(db, (customerId: number, status: string | null, month: number | null, year: number | null) =>
    db.selectFrom('invoices').selectAll().where(ownInvoices(customerId, status, month, year))
      .orderBy('year').orderBy('month').orderBy('number'));
  const ownLines = prepared(db, (customerId: number, status: string | null, month: number | null, year: number | null) =>
    db.selectFrom('invoice_lines').innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id').selectAll('invoice_lines')
      .where(ownInvoices(customerId, status, month, year)).orderBy('invoice_lines.invoice_id').orderBy('invoice_lines.position'));
  return {
    /** One customer's invoices passing the filters, oldest period first, with their lines. */
    async ofCustomer(customerId: number, filter: CustomerInvoiceFilter): Promise<{ rows: InvoiceRow[]; lines: Map<number, InvoiceLineRow[]> }> {
      const args = [customerId, filter.status, filter.month, filter.year] as const;
      const rows = await ownRows(...args);
      return { rows, lines: rows.length === 0 ? new Map() : linesByInvoice(await ownLines(...args)) };
    },

    /** Active service lines of customers that are not inactive: what gets billed each month. */
    billableServices: () =>
      db.selectFrom('services')
        .innerJoin('customers', 'customers.id', 'services.customer_id')
        .innerJoin('packages', 'packages.id', 'services.package_id')
        .innerJoin('package_categories', 'package_categories.id', 'packages.category_id')
        .select(['services.customer_id', 'services.qty', 'services.price', 'services.total',
          'packages.name as package_name', 'package_categories.name as category'])
        .where('services.is_active', '=', 1)
        .where('customers.status', '!=', 'inactive')
        .orderBy('services.customer_id').orderBy('services.id')
        .execute(),

    /** Creates the invoice with its lines, numbered with the period's next sequence number, unless the
     * customer already has one for the period (then nothing is stored and no number is used). */
    async createIfAbsent(
      invoice: Omit<Insertable<Database['invoices']>, 'number'>,
      lines: Omit<Insertable<Database['invoice_lines']>, 'invoice_id'>[],
      numberFor: (sequence: number) => number,
    ): Promise<boolean> {
      const existing = await db.selectFrom('invoices').select('id')
        .where('customer_id', '=', invoice.customer_id).where('year', '=', invoice.year).where('month', '=', invoice.month).executeTakeFirst();
      if (existing) return false;
      try {
        return await inTransaction(db, async (trx) => {
          // The period's counter row stays locked until this transaction ends: one number at a time.
          const { last } = await trx.insertInto('invoice_sequences').values({ year: invoice.year, month: invoice.month, last: 1 })
            .onConflict((oc) => oc.columns(['year', 'month']).doUpdateSet((eb) => ({ last: eb('invoice_sequences.last', '+', 1) })))
            .returning('last').executeTakeFirstOrThrow();
          const inserted = await trx.insertInto('invoices').values({ ...invoice, number: numberFor(last) })
            .onConflict((oc) => oc.columns(['customer_id', 'year', 'month']).doNothing())
            .returning('id').executeTakeFirst();
          // Another generator invoiced the customer since the check: undo, and the number is not used
          // (in a caller's transaction the counter's step stays: one number is skipped).
          if (!inserted) throw ALREADY_INVOICED;
          await trx.insertInto('invoice_lines').values(lines.map((line) => ({ ...line, invoice_id: inserted.id }))).execute();
          return true;
        });
      } catch (error) {
        if (error === ALREADY_INVOICED) return false;
        throw error;
      }
    },
  };
}

export type InvoiceRepository = ReturnType<typeof invoiceRepository>;
