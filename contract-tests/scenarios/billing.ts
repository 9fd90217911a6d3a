// A payment partner: unpaid invoices of the configured customer, mark one paid, a second attempt
// is refused, detail shows it paid; and every reason billing gives for an empty answer. Each run
// pays one invoice: of the configured customer, or when it has none left, of the first of
// otherCustomers that has one.
import { randomBytes } from 'node:crypto';
import { bodyOf } from '../session.js';
import { writesFreely } from '../profiles.js';
import { status, statusAnd, statusCode as code, type Scenario } from './scenario.js';

export const billing: Scenario = {
  name: 'billing',
  skipReason: (session) => {
    if (!session.config.apiKey || !session.config.customer?.noServices) return 'configure apiKey and customer.noServices (a customer with invoices)';
    return session.config.profile === 'mock' ? 'a stateless mock keeps no invoices' : undefined;
  },
  async run(flow) {
    const { config, world } = flow.session;
    const key = { 'X-MYWIFI-KEY': config.apiKey! };
    const noServices = config.customer!.noServices;
    const unknown = `NOSUCH${randomBytes(4).toString('hex')}`;
    await flow.step('an unknown customer number', 'GET /billing/unpaid', { headers: key, query: { no_services: unknown } }, code(404, 'NO_SERVICES_NOT_REGISTERED'));
    await flow.step('an unknown customer number (detail)', 'GET /billing/detail', { headers: key, query: { no_services: unknown } }, code(404, 'NO_SERVICES_NOT_REGISTERED'));
    await flow.step('a period without invoices', 'GET /billing/unpaid', { headers: key, query: { no_services: noServices, month: 1, year: 2000 } }, code(404, 'NO_BILLS_IN_PERIOD'));
    await flow.step('a period without invoices (detail)', 'GET /billing/detail', { headers: key, query: { no_services: noServices, month: 1, year: 2000 } }, code(404, 'NO_BILLS_IN_PERIOD'));
    await flow.step('an unknown invoice number', 'GET /billing/detail', { headers: key, query: { invoice: '999999999999' } }, code(404, 'INVOICE_NOT_FOUND'));
    await flow.step('neither customer nor invoice', 'GET /billing/detail', { headers: key }, code(400, 'NO_SERVICES_OR_INVOICE_REQUIRED'));
    await flow.step('no customer number', 'GET /billing/unpaid', { headers: key }, code(400, 'NO_SERVICES_REQUIRED'));
    // Each filter's own error_code (the generated phases send the API-key operations few requests: they document 429).
    for (const read of ['GET /billing/unpaid', 'GET /billing/detail']) {
      await flow.step(`a status filter that is none (${read})`, read, { headers: key, query: { no_services: noServices, status: 'lunas' } }, code(422, 'INVALID_STATUS_FILTER'));
      await flow.step(`a month that is no number (${read})`, read, { headers: key, query: { no_services: noServices, month: 'May' } }, code(422, 'INVALID_MONTH'));
      await flow.step(`a year that is no number (${read})`, read, { headers: key, query: { no_services: noServices, year: 'this' } }, code(422, 'INVALID_YEAR'));
    }
    // The invoice list's format is the reference server's own rule (invoice-number): another implementation may answer 404.
    await flow.step('an invoice list that is no list of numbers', 'GET /billing/detail', { headers: key, query: { invoice: 'INV-2602-002' } },
      statusAnd(422, 'INVALID_INVOICE_FORMAT', (b) => b.error_code === 'INVALID_INVOICE_FORMAT', 'stateful_behaviour', 'reference'));

    let unpaid: any;
    let payer = noServices;
    for (const candidate of [noServices, ...(config.otherCustomers ?? []).map((c) => c.noServices)]) {
      payer = candidate;
      unpaid = bodyOf(await flow.step(`the unpaid invoices of ${candidate}`, 'GET /billing/unpaid', { headers: key, query: { no_services: candidate } }));
      if (unpaid?.data?.[0]) break;
    }
    const invoice = unpaid?.data?.[0];
    if (!invoice) {
      flow.session.results.skip('scenarios', 'billing: mark-as-paid', 'no configured customer has an unpaid invoice left (npm run invoices:generate makes a month\'s invoices on the reference server)');
      return;
    }
    await flow.step('an invoice outside the period asked', 'GET /billing/detail', { headers: key, query: { invoice: String(invoice.invoice), year: 2001 } }, code(404, 'FILTER_RESULT_EMPTY'));
    const paidInPeriod = bodyOf(await flow.step('the period\'s invoices', 'GET /billing/detail', { headers: key, query: { no_services: payer, month: invoice.month, year: invoice.year } }))
      ?.data?.some((i: { status: string }) => i.status === 'SUDAH BAYAR');
    if (!paidInPeriod) {
      await flow.step('no paid invoice in an unpaid period', 'GET /billing/unpaid', { headers: key, query: { no_services: payer, month: invoice.month, year: invoice.year, status: 'paid' } },
        code(404, 'FILTER_RESULT_EMPTY'));
    }
    if (!writesFreely(config.profile)) return; // paying is a write

    const payment = { invoice: String(invoice.invoice), no_services: payer, reference_no: `CONTRACT-${randomBytes(4).toString('hex')}` };
    if (world.customer) {
      await flow.step('the invoice of another customer', 'POST /billing/mark-as-paid', { headers: key, body: { ...payment, no_services: world.customer.noServices } }, code(404, 'INVOICE_SERVICE_MISMATCH'));
    }
    await flow.step('an unknown invoice', 'POST /billing/mark-as-paid', { headers: key, body: { ...payment, invoice: '999999999999' } }, code(404, 'INVOICE_NOT_FOUND'));
    await flow.step('an unknown customer', 'POST /billing/mark-as-paid', { headers: key, body: { ...payment, no_services: unknown } }, code(404, 'NO_SERVICES_NOT_REGISTERED'));
    await flow.step('a customer number of a wrong format', 'POST /billing/mark-as-paid', { headers: key, body: { ...payment, no_services: 'not one!' } }, code(422, 'INVALID_NO_SERVICES_FORMAT'));
    await flow.step('mark it paid', 'POST /billing/mark-as-paid', { headers: key, body: payment }, status(200));
    await flow.step('a second payment is refused', 'POST /billing/mark-as-paid', { headers: key, body: { ...payment, reference_no: 'CONTRACT-AGAIN' } }, code(409, 'INVOICE_ALREADY_PAID'));
    await flow.step('detail shows it paid', 'GET /billing/detail', { headers: key, query: { invoice: String(invoice.invoice) } },
      statusAnd(200, 'SUDAH BAYAR', (b) => b.data[0].status === 'SUDAH BAYAR', 'ensure_resource_availability'));
    const period = { no_services: payer, month: invoice.month, year: invoice.year };
    const samePeriodUnpaid = unpaid.data.filter((i: { month: number; year: number }) => i.month === invoice.month && i.year === invoice.year).length > 1;
    if (!samePeriodUnpaid) {
      await flow.step('nothing left to pay in that period', 'GET /billing/unpaid', { headers: key, query: period }, code(404, 'ALL_BILLS_PAID'));
      await flow.step('nothing left to pay in that period (detail)', 'GET /billing/detail', { headers: key, query: { ...period, status: 'unpaid' } }, code(404, 'ALL_BILLS_PAID'));
    }
  },
};
