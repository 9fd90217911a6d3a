// Billing for payment partners: invoices by customer number or invoice number, with a specific
// reason for every empty answer, and marking an invoice paid exactly once.
import type { components } from '../../generated/server-api.js';
import type { Transaction } from '../db/database.js';
import type { Operation, Query } from '../http/typed-routes.js';
import { jakartaDate, periodName, type Clock } from '../shared/clock.js';
import type { Contract } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import type { BillingRepository, InvoiceFilter, InvoiceRow, Payer } from './repository.js';

type Schemas = components['schemas'];
type DetailQuery = Query<Operation<'/billing/detail', 'get'>>;
type UnpaidQuery = Query<Operation<'/billing/unpaid', 'get'>>;
type StatusFilter = NonNullable<DetailQuery['status'] | UnpaidQuery['status']>;

const STATUS: Record<StatusFilter, InvoiceRow['status'] | undefined> = {
  'SUDAH BAYAR': 'paid', paid: 'paid', 'BELUM BAYAR': 'unpaid', unpaid: 'unpaid', all: undefined,
};

export interface PaidInvoice {
  invoice: InvoiceRow;
  customer: Payer;
}

/** What a payment stores with it, in its transaction (both or neither: the customer's notification),
 * returning what to do once the payment is committed (send it). Billing declares the step; the
 * notifications component provides it. */
export type OnPaid = (trx: Transaction, paid: PaidInvoice) => Promise<() => Promise<void>>;

export function billingService(deps: {
  billing: BillingRepository;
  onPaid: OnPaid;
  contract: Contract;
  clock: Clock;
  logger: Logger;
}) {
  const { billing, onPaid, contract, clock, logger } = deps;
  const fail = contract.billingError;

  /** The invoices as partner key `keyId` sees them: the payment reference only on its own payments
   * (any key can look up any invoice, and a reference belongs to the partner that recorded it). */
  async function view(rows: InvoiceRow[], keyId: number): Promise<Schemas['BillingInvoice'][]> {
    const lines = await billing.linesOf(rows.map((r) => r.id));
    const owners = await billing.owners([...new Set(rows.map((r) => r.customer_id))]);
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
  async function select(query: DetailQuery | UnpaidQuery & { invoice?: undefined }, defaultStatus: StatusFilter, keyId: number): Promise<Schemas['BillingInvoice'][]> {
    const scope: InvoiceFilter = {};
    if (query.no_services !== undefined) {
      const customer = await billing.customerNumbered(query.no_services);
      if (!customer) {
        throw fail('NO_SERVICES_NOT_REGISTERED', `Nomor layanan ${query.no_services} tidak terdaftar. Periksa kembali no_services.`);
      }
      scope.customerId = customer.id;
    }
    if (query.invoice !== undefined) {
      scope.numbers = [...new Set(query.invoice.split(',').map((n) => Number(n.trim())))];
      if ((await billing.find(scope)).length === 0) throw fail('INVOICE_NOT_FOUND', `Invoice ${query.invoice.replace(/ /g, '')} tidak ditemukan.`);
    }
    const inPeriod = await billing.find({
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
    detail(query: DetailQuery, keyId: number) {
      if (query.no_services === undefined && query.invoice === undefined) {
        throw fail('NO_SERVICES_OR_INVOICE_REQUIRED', 'Parameter no_services atau invoice wajib dikirim.');
      }
      return select(query, 'all', keyId);
    },

    unpaid: (query: UnpaidQuery, keyId: number) => select(query, 'BELUM BAYAR', keyId),

    /** Marks the invoice paid by the partner key `keyId` and stores the customer's notification with
     * it (onPaid: both or neither); of concurrent calls for one invoice exactly one succeeds. Once the
     * payment is committed the notification is sent, and a failing push does not fail the payment. */
    async markPaid(input: Schemas['MarkAsPaidRequest'], keyId: number): Promise<void> {
      const send = await billing.payment(async ({ payer, invoiceNumbered, pay, transaction }) => {
        const customer = await payer(input.no_services);
        if (!customer) {
          throw fail('NO_SERVICES_NOT_REGISTERED', `Nomor layanan ${input.no_services} tidak terdaftar. Periksa kembali no_services.`);
        }
        const invoice = await invoiceNumbered(Number(input.invoice));
        if (!invoice) throw fail('INVOICE_NOT_FOUND', `Invoice ${input.invoice} tidak ditemukan.`);
        if (invoice.customer_id !== customer.id) {
          throw fail('INVOICE_SERVICE_MISMATCH', `Invoice ditemukan, tetapi tidak terhubung dengan nomor layanan ${input.no_services}.`);
        }
        const payment = { payment_date: jakartaDate(clock.now()), reference_no: input.reference_no, paid_by_key_id: keyId };
        if (!(await pay(invoice.id, payment))) throw fail('INVOICE_ALREADY_PAID', `Invoice ${input.invoice} sudah dibayar sebelumnya.`);
        return onPaid(transaction, { invoice: { ...invoice, status: 'paid', ...payment }, customer });
      });
      await send().catch((error: unknown) => logger.error({ err: error, invoice: input.invoice }, 'invoice-paid notification failed'));
    },
  };
}

export type BillingService = ReturnType<typeof billingService>;
