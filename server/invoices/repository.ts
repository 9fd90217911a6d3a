// Data access for invoices and their lines.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';

export type InvoiceRow = Selectable<Database['invoices']>;
export type InvoiceLineRow = Selectable<Database['invoice_lines']>;

/** The largest invoice number storage holds: the column is a 32-bit integer on PostgreSQL. A larger
 * number (the spec allows 12 digits) names no invoice, and must not reach the query (PostgreSQL
 * refuses the comparison). */
export const MAX_INVOICE_NUMBER = 2_147_483_647;
export const storableInvoiceNumber = (n: number): boolean => Number.isSafeInteger(n) && n >= 0 && n <= MAX_INVOICE_NUMBER;

export interface InvoiceFilter {
  customerIds?: number[];
  numbers?: number[];
  status?: InvoiceRow['status'];
  month?: number;
  year?: number;
}

export function invoiceRepository(db: Kysely<Database>) {
  return {
    /** Invoices matching every given filter, oldest period first. */
    find(filter: InvoiceFilter): Promise<InvoiceRow[]> {
      let query = db.selectFrom('invoices').selectAll();
      if (filter.customerIds) query = query.where('customer_id', 'in', filter.customerIds.length ? filter.customerIds : [-1]);
      if (filter.numbers) {
        const numbers = filter.numbers.filter(storableInvoiceNumber);
        query = query.where('number', 'in', numbers.length ? numbers : [-1]);
      }
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.month !== undefined) query = query.where('month', '=', filter.month);
      if (filter.year !== undefined) query = query.where('year', '=', filter.year);
      return query.orderBy('year').orderBy('month').orderBy('number').execute();
    },

    /** The lines of the invoices, grouped by invoice id. */
    async linesOf(invoiceIds: number[]): Promise<Map<number, InvoiceLineRow[]>> {
      const lines = invoiceIds.length === 0 ? [] :
        await db.selectFrom('invoice_lines').selectAll().where('invoice_id', 'in', invoiceIds).orderBy('invoice_id').orderBy('position').execute();
      const byInvoice = new Map<number, InvoiceLineRow[]>();
      for (const line of lines) byInvoice.set(line.invoice_id, [...(byInvoice.get(line.invoice_id) ?? []), line]);
      return byInvoice;
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

    /** Highest invoice number used in a period (numbers are YYMM followed by a sequence). */
    async highestNumber(month: number, year: number): Promise<number | undefined> {
      const row = await db.selectFrom('invoices').select((eb) => eb.fn.max('number').as('n'))
        .where('month', '=', month).where('year', '=', year).executeTakeFirst();
      return row?.n ?? undefined;
    },

    /** Creates the invoice with its lines unless the customer already has one for the period. */
    async createIfAbsent(invoice: Insertable<Database['invoices']>, lines: Omit<Insertable<Database['invoice_lines']>, 'invoice_id'>[]): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx.insertInto('invoices').values(invoice)
          .onConflict((oc) => oc.columns(['customer_id', 'year', 'month']).doNothing())
          .returning('id').executeTakeFirst();
        if (!inserted) return false;
        await trx.insertInto('invoice_lines').values(lines.map((line) => ({ ...line, invoice_id: inserted.id }))).execute();
        return true;
      });
    },
  };
}

export type InvoiceRepository = ReturnType<typeof invoiceRepository>;
