// Invoice lines as stored, grouped by their invoice: pure, and shared by the invoices repository (a
// customer's own invoices) and the billing repository (any customer's, for payment partners), so
// that neither repository reaches into the other.
import type { Selectable } from 'kysely';
import type { Database } from '../db/schema.js';

export type InvoiceLineRow = Selectable<Database['invoice_lines']>;

/** Lines, in their order, grouped by the invoice they belong to. */
export function linesByInvoice(lines: InvoiceLineRow[]): Map<number, InvoiceLineRow[]> {
  const grouped = new Map<number, InvoiceLineRow[]>();
  for (const line of lines) {
    const of = grouped.get(line.invoice_id);
    if (of) of.push(line);
    else grouped.set(line.invoice_id, [line]);
  }
  return grouped;
}
