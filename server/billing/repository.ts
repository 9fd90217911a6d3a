// Data access of the payment partners' operations: invoices looked up by customer number or invoice
// number (any customer's: a partner is not a customer), their owners, and the payment itself.
import type { Kysely, Selectable } from 'kysely';
import type { Transaction } from '../db/database.js';
import { storableInteger } from '../db/integers.js';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { linesByInvoice, type InvoiceLineRow } from '../invoices/lines.js';

/** An invoice as stored: billing reads the table itself, not through the invoices repository. */
export type InvoiceRow = Selectable<Database['invoices']>;

/** Whether an invoice number can be stored: a larger one (the spec allows 12 digits) names no invoice. */
const storableInvoiceNumber = (n: number): boolean => n >= 0 && storableInteger(n);

/** Invoices matching every given filter (undefined: not filtered by it). */
export interface InvoiceFilter {
  customerId?: number;
  numbers?: number[];
  month?: number;
  year?: number;
}

/** The customer a payment names, as much of it as the payment and its notification need. */
export interface Payer {
  id: number;
  user_id: number;
  no_services: string;
}

/** The statements of one payment, all in its transaction. */
export interface PaymentSteps {
  payer(noServices: string): Promise<Payer | undefined>;
  invoiceNumbered(number: number): Promise<InvoiceRow | undefined>;
  /** Records the payment if the invoice is still unpaid; false when another payment was first. */
  pay(invoiceId: number, payment: { payment_date: string; reference_no: string; paid_by_key_id: number }): Promise<boolean>;
  /** The payment's transaction, for what another component stores with it (both or neither). */
  transaction: Transaction;
}

export function billingRepository(db: Kysely<Database>) {
  // A payment's statements, compiled once: mark-as-paid is the partners' most frequent write.
  const payer = prepared(db, (noServices: string) => db.selectFrom('customers').select(['id', 'user_id', 'no_services'])
    .where('no_services', '=', noServices));
  const invoiceNumbered = prepared(db, (number: number) => db.selectFrom('invoices').selectAll().where('number', '=', number));
  // One conditional update: of concurrent payments of one invoice, only one finds it unpaid.
  const pay = prepared(db, (paymentDate: string, referenceNo: string, keyId: number, id: number) => db.updateTable('invoices')
    .set({ status: 'paid', payment_date: paymentDate, reference_no: referenceNo, paid_by_key_id: keyId })
    .where('id', '=', id).where('status', '=', 'unpaid').returning('id'));

  return {
    customerNumbered: (noServices: string) =>
      db.selectFrom('customers').select('id').where('no_services', '=', noServices).executeTakeFirst(),

    /** The name and number of each customer, by id. */
    async owners(customerIds: number[]): Promise<Map<number, { name: string; no_services: string }>> {
      const rows = customerIds.length === 0 ? [] :
        await db.selectFrom('customers').select(['id', 'name', 'no_services']).where('id', 'in', customerIds).execute();
      return new Map(rows.map(({ id, ...owner }) => [id, owner]));
    },

    /** Invoices matching every given filter, oldest period first. */
    find(filter: InvoiceFilter): Promise<InvoiceRow[]> {
      let query = db.selectFrom('invoices').selectAll();
      if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
      if (filter.numbers) {
        const numbers = filter.numbers.filter(storableInvoiceNumber);
        query = query.where('number', 'in', numbers.length ? numbers : [-1]);
      }
      if (filter.month !== undefined) query = query.where('month', '=', filter.month);
      if (filter.year !== undefined) query = query.where('year', '=', filter.year);
      return query.orderBy('year').orderBy('month').orderBy('number').execute();
    },

    /** The lines of the invoices, grouped by invoice id. */
    async linesOf(invoiceIds: number[]): Promise<Map<number, InvoiceLineRow[]>> {
      return linesByInvoice(invoiceIds.length === 0 ? [] :
        await db.selectFrom('invoice_lines').selectAll().where('invoice_id', 'in', invoiceIds).orderBy('invoice_id').orderBy('position').execute());
    },

    /** Runs `work` with the statements of a payment, in one transaction. */
    payment<T>(work: (steps: PaymentSteps) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work({
        payer: async (noServices) => (await payer.in(trx)(noServices))[0],
        invoiceNumbered: async (number) => (storableInvoiceNumber(number) ? (await invoiceNumbered.in(trx)(number))[0] : undefined),
        pay: async (invoiceId, payment) =>
          (await pay.in(trx)(payment.payment_date, payment.reference_no, payment.paid_by_key_id, invoiceId)).length === 1,
        transaction: trx,
      }));
    },
  };
}

export type BillingRepository = ReturnType<typeof billingRepository>;
