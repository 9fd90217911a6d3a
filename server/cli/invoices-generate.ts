// npm run invoices:generate -- --month M --year Y
// Creates the month's invoices for every billable service line. Idempotent: run twice, the second
// run creates nothing. Uses DATABASE_URL like the server.
import { parseArgs } from 'node:util';
import { generateInvoices } from '../invoices/generate.js';
import { invoiceRepository } from '../invoices/repository.js';
import { periodName } from '../shared/clock.js';
import { commandContext, runCommand, usageError } from './run.js';

const USAGE = 'usage: npm run invoices:generate -- --month M --year Y   (M 1-12, Y 2000-2100)';

await runCommand(USAGE, async () => {
  const { values } = parseArgs({ options: { month: { type: 'string' }, year: { type: 'string' } }, strict: true });
  const month = Number(values.month);
  const year = Number(values.year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw usageError(`--month must be 1-12\n${USAGE}`);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw usageError(`--year must be 2000-2100\n${USAGE}`);
  const ctx = await commandContext();
  try {
    const { created, existing } = await generateInvoices(invoiceRepository(ctx.db), month, year, ctx.clock);
    console.log(`${periodName(month, year)}: ${created} invoice(s) created, ${existing} already existed.`);
  } finally {
    await ctx.database.close();
  }
});
