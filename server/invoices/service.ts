// The customer's invoices, as the app shows them: with the lines and the codes to pay them with.
import type { components } from '../../generated/server-api.js';
import type { UserRow } from '../auth/repository.js';
import type { CustomerService } from '../customers/service.js';
import { periodName } from '../shared/clock.js';
import type { InvoiceRepository } from './repository.js';

type Schemas = components['schemas'];

/** The number as the app shows it: 240100001 is INV-2401-001. */
export function invoiceCode(number: number): string {
  const period = Math.floor(number / 100_000);
  return `INV-${String(period).padStart(4, '0')}-${String(number % 100_000).padStart(3, '0')}`;
}

export function paymentCodes(noServices: string): Schemas['PaymentCodes'] {
  return { va_bni: `999001${noServices}`, alfamart: `ALFA${noServices}`, indomaret: `INDO${noServices}` };
}

export function invoiceService(invoices: InvoiceRepository, customers: CustomerService) {
  return {
    async list(user: UserRow, filter: { status?: 'unpaid' | 'paid' | 'all'; month?: number; year?: number }) {
      const customer = await customers.own(user);
      const status = filter.status ?? 'unpaid';
      const { rows, lines } = await invoices.ofCustomer(customer.id, {
        status: status === 'all' ? null : status, month: filter.month ?? null, year: filter.year ?? null,
      });
      return {
        customer: { name: customer.name, no_services: customer.no_services, email: customer.email },
        data: rows.map((row): Schemas['Invoice'] => ({
          invoice: invoiceCode(row.number),
          month: row.month,
          year: row.year,
          status: row.status,
          due_date: row.due_date,
          amount: row.amount,
          tax: row.tax,
          discount: row.discount,
          period: periodName(row.month, row.year),
          payment_codes: paymentCodes(customer.no_services),
          details: (lines.get(row.id) ?? []).map(({ name, price, qty, disc, total }) => ({ name, price, qty, disc, total })),
        })),
      };
    },
  };
}
