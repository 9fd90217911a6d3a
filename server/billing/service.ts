// Billing for payment partners: invoices by customer number or invoice number, with a specific
// reason for every empty answer, and marking an invoice paid exactly once.
import type { Kysely } from 'kysely';
import type { components } from '../../generated/server-api.js';
import type { CustomerRepository } from '../customers/repository.js';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { storableInvoiceNumber, type InvoiceFilter, type InvoiceRepository, type InvoiceRow } from '../invoices/repository.js';
import { jakartaDate, periodName, type Clock } from '../shared/clock.js';
import type { Contract } from '../shared/contract.js';

type Schemas = components['schemas'];
type StatusFilter = 'SUDAH BAYAR' | 'BELUM BAYAR' | 'paid' | 'unpaid' | 'all';

export interface BillingQuery {
  no_services?: string;
  invoice?: string;
  status?: StatusFilter;
  month?: number;
  year?: number;
}

const STATUS: Record<StatusFilter, InvoiceRow['status'] | undefined> = {
  'SUDAH BAYAR': 'paid', paid: 'paid', 'BELUM BAYAR': 'unpaid', unpaid: 'unpaid', all: undefined,
};

export interface PaidInvoice {
  invoice: InvoiceRow;
  customer: { id: number; user_id: number; no_services: string };
}

export function billingService(deps: {
  db: Kysely<Database>;
  customers: CustomerRepository;
  invoices: InvoiceRepository;
  contract: Contract;
  clock: Clock;
}) {
  const { db, customers, invoices, contract, clock } = deps;
  const fail = contract.billingError;
  // A payment's statements, compiled once: mark-as-paid is the partners' most frequent write.
  const payer = prepared(db, (noServices: string) => db.selectFrom('customers').select(['id', 'user_id', 'no_services'])
    .where('no_services', '=', noServices));
  const invoiceNumbered = prepared(db, (number: number) => db.selectFrom('invoices').selectAll().where('number', '=', number));
  // One conditional update: of concurrent payments of one invoice, only one finds it unpaid.
  const pay = prepared(db, (paymentDate: string, referenceNo: string, keyId: number, id: number) => db.updateTable('invoices')
    .set({ status: 'paid', payment_date: paymentDate, reference_no: referenceNo, paid_by_key_id: keyId })
    .where('id', '=', id).where('status', '=', 'unpaid').returning('id'));

  /** The invoices as partner key `keyId` sees them: the payment reference only on its own payments
   * (any key can look up any invoice, and a reference belongs to the partner that recorded it). */
  async function view(rows: InvoiceRow[], keyId: number): Promise<Schemas['BillingInvoice'][]> {
    const lines = await invoices.linesOf(rows.map((r) => r.id));
    const owners = new Map<number, { name: string; no_services: string }>();
    for (const row of rows) {
      if (!owners.has(row.customer_id)) owners.set(row.customer_id, (await customers.findById(row.customer_id))!);
    }
    return rows.map((row) => ({
      invoice: row.number,
      month: row.month,
      year: row.year,
      period: periodName(row.month, row.year),
      name: owners.get(row.customer_id)!.name,
      no_services: owners.get(row.customer_id)!.no_services,
      amount: row.amount,
      status: row.status === 'paid' ? 'SUDAH BAYAR' : 'BELUM BAYAR',
      due_date: row.due_date,
      isolir_date: row.isolir_date,
      payment_date: row.payment_date,
      reference_no: row.paid_by_key_id === keyId ? row.reference_no : null,
      detail: (lines.get(row.id) ?? []).map(({ price, qty, disc, total, name, category, remark }) => ({ price, qty, disc, total, name, category, remark })),
    }));
  }

  /** The invoices the query selects, or the billing error that says why there are none. */
  async function select(query: BillingQuery, defaultStatus: StatusFilter, keyId: number): Promise<Schemas['BillingInvoice'][]> {
    const scope: InvoiceFilter = {};
    if (query.no_services !== undefined) {
      const customer = await customers.findByNoServices(query.no_services);
      if (!customer) {
        throw fail('NO_SERVICES_NOT_REGISTERED', `Nomor layanan ${query.no_services} tidak terdaftar. Periksa kembali no_services.`);
      }
      scope.customerIds = [customer.id];
    }
    if (query.invoice !== undefined) {
      scope.numbers = [...new Set(query.invoice.split(',').map((n) => Number(n.trim())))];
      if ((await invoices.find(scope)).length === 0) throw fail('INVOICE_NOT_FOUND', `Invoice ${query.invoice.replace(/ /g, '')} tidak ditemukan.`);
    }
    const inPeriod = await invoices.find({
      ...scope,
      ...(query.month !== undefined ? { month: query.month } : {}),
      ...(query.year !== undefined ? { year: query.year } : {}),
    });
    if (inPeriod.length === 0) {
      throw query.invoice !== undefined
        ? fail('FILTER_RESULT_EMPTY', 'Tidak ada tagihan yang sesuai dengan filter yang diminta.')
        : fail('NO_BILLS_IN_PERIOD', 'Pelanggan belum memiliki tagihan pada periode yang diminta.');
    }
    const status = STATUS[query.status ?? defaultStatus];
    const selected = status ? inPeriod.filter((row) => row.status === status) : inPeriod;
    if (selected.length === 0) {
      throw status === 'unpaid'
        ? fail('ALL_BILLS_PAID', 'Semua tagihan pelanggan sudah lunas pada periode yang diminta.')
        : fail('FILTER_RESULT_EMPTY', 'Tidak ada tagihan yang sesuai dengan filter yang diminta.');
    }
    return view(selected, keyId);
  }

  return {
    detail(query: BillingQuery, keyId: number) {
      if (query.no_services === undefined && query.invoice === undefined) {
        throw fail('NO_SERVICES_OR_INVOICE_REQUIRED', 'Parameter no_services atau invoice wajib dikirim.');
      }
      return select(query, 'all', keyId);
    },

    unpaid: (query: BillingQuery, keyId: number) => select(query, 'BELUM BAYAR', keyId),

    /** Marks the invoice paid by the partner key `keyId` and stores what goes with the payment
     * (`alongside`, in the same transaction: both or neither); of concurrent calls for one invoice
     * exactly one succeeds. */
    async markPaid<T>(input: Schemas['MarkAsPaidRequest'], keyId: number, alongside: (trx: Kysely<Database>, paid: PaidInvoice) => Promise<T>): Promise<T> {
      return db.transaction().execute(async (trx) => {
        const [customer] = await payer.in(trx)(input.no_services);
        if (!customer) {
          throw fail('NO_SERVICES_NOT_REGISTERED', `Nomor layanan ${input.no_services} tidak terdaftar. Periksa kembali no_services.`);
        }
        const number = Number(input.invoice);
        const [invoice] = storableInvoiceNumber(number) ? await invoiceNumbered.in(trx)(number) : [];
        if (!invoice) throw fail('INVOICE_NOT_FOUND', `Invoice ${input.invoice} tidak ditemukan.`);
        if (invoice.customer_id !== customer.id) {
          throw fail('INVOICE_SERVICE_MISMATCH', `Invoice ditemukan, tetapi tidak terhubung dengan nomor layanan ${input.no_services}.`);
        }
        const paymentDate = jakartaDate(clock.now());
        const updated = await pay.in(trx)(paymentDate, input.reference_no, keyId, invoice.id);
        if (updated.length !== 1) throw fail('INVOICE_ALREADY_PAID', `Invoice ${input.invoice} sudah dibayar sebelumnya.`);
        const paid = { ...invoice, status: 'paid' as const, payment_date: paymentDate, reference_no: input.reference_no, paid_by_key_id: keyId };
        return alongside(trx, { invoice: paid, customer });
      });
    },
  };
}

export type BillingService = ReturnType<typeof billingService>;
