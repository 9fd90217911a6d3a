// Monthly invoicing: one invoice per billable customer and period, with a line per service and
// the 11% PPN. Idempotent: a customer's invoice for a period is created once, also when several
// generators run at once (the period's counter numbers the invoices, see the repository).
import { jakartaDateTime, type Clock } from '../shared/clock.js';
import { invoiceNumber } from './numbers.js';
import type { InvoiceRepository } from './repository.js';

export const PPN_RATE = 0.11;

export interface GenerateResult {
  created: number;
  existing: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

export async function generateInvoices(invoices: InvoiceRepository, month: number, year: number, clock: Clock): Promise<GenerateResult> {
  const services = await invoices.billableServices();
  const byCustomer = new Map<number, typeof services>();
  for (const service of services) byCustomer.set(service.customer_id, [...(byCustomer.get(service.customer_id) ?? []), service]);
  const result: GenerateResult = { created: 0, existing: 0 };
  for (const [customerId, lines] of byCustomer) {
    const serviceLines = lines.map((line, position) => ({
      position, name: line.package_name, category: line.category, price: line.price, qty: line.qty, disc: 0, total: line.total, remark: '-',
    }));
    const subtotal = serviceLines.reduce((sum, line) => sum + line.total, 0);
    const tax = Math.round(subtotal * PPN_RATE);
    const allLines = [...serviceLines, { position: serviceLines.length, name: 'PPN', category: 'Tax', price: tax, qty: 1, disc: 0, total: tax, remark: '-' }];
    const created = await invoices.createIfAbsent({
      customer_id: customerId,
      month,
      year,
      amount: subtotal + tax,
      tax,
      discount: 0,
      status: 'unpaid',
      due_date: `${year}-${pad(month)}-10`,
      isolir_date: `${year}-${pad(month)}-20`,
      payment_date: null,
      reference_no: null,
      created_at: jakartaDateTime(clock.now()),
    }, allLines, (sequence) => invoiceNumber(month, year, sequence));
    if (created) result.created++;
    else result.existing++;
  }
  return result;
}
