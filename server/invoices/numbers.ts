// Invoice numbers, and the code the app shows for one.
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYMM` of a period. */
const periodCode = (month: number, year: number) => `${pad(year % 100)}${pad(month)}`;

/** An invoice number is `YYMM` of its period followed by its sequence in the period, written with at
 * least 3 digits (docs/decisions.md, "Invoice numbers"): 2401001 is `INV-2401-001`, as the
 * reference's notification example links them, and 230130001 is `INV-2301-30001`. */
export const invoiceNumber = (month: number, year: number, sequence: number) => Number(`${periodCode(month, year)}${String(sequence).padStart(3, '0')}`);

/** The number as the app shows it: `INV-`, `YYMM`, `-`, and the sequence's digits (2401001 is
 * `INV-2401-001`). The period comes from the invoice, not from the number's digits: a period of the
 * 2000s begins with a 0 the integer does not keep. */
export function invoiceCode(invoice: { number: number; month: number; year: number }): string {
  const period = periodCode(invoice.month, invoice.year);
  return `INV-${period}-${String(invoice.number).slice(String(Number(period)).length)}`;
}
