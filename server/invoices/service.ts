// The customer's invoices, as the app shows them: with the lines and the codes to pay them with.
import type { components } from '../../generated/server-api.js';
import type { CurrentUser } from '../auth/current-user.js';
import type { CustomerService } from '../customers/service.js';
import type { Operation, Query } from '../http/typed-routes.js';
import { periodName } from '../shared/clock.js';
import { invoiceCode } from './numbers.js';
import type { InvoiceRepository } from './repository.js';

type Schemas = components['schemas'];
type ListQuery = Query<Operation<'/invoice', 'get'>>;

export function paymentCodes(noServices: string): Schemas['PaymentCodes'] {
  return { va_bni: `999001${noServices}`, alfamart: `ALFA${noServices}`, indomaret: `INDO${noServices}` };
}

export function invoiceService(invoices: InvoiceRepository, customers: CustomerService) {
  return {
    async list(user: CurrentUser, filter: ListQuery) {
      const customer = await customers.own(user);
      const status = filter.status ?? 'unpaid';
      const { rows, lines } = await invoices.ofCustomer(customer.id, {
        status: status === 'all' ? null : status, month: filter.month ?? null, year: filter.year ?? null,
      });
      return {
        customer: { name: customer.name, no_services: customer.no_services, email: customer.email },
        data: rows.map((row): Schemas['Invoice'] => ({
          invoice: invoiceCode(row),
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

export type InvoiceService = ReturnType<typeof invoiceService>;
