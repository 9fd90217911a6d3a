// The customer's invoices: filters, lines, payment codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInvoices } from '../../../server/invoices/generate.js';
import { invoiceRepository } from '../../../server/invoices/repository.js';
import { login, registerCustomer, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

describe.each(await databaseKinds())('GET /invoice on %s', (kind) => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startApp(kind);
    token = await login(app);
  });
  afterAll(() => app?.close());

  it('lists the unpaid invoices by default, with lines and payment codes', async () => {
    const response = await app.get('/invoice', { token });
    expect(response.body.customer).toEqual({ name: 'John Doe', no_services: 'ISP00123', email: 'john@example.com' });
    expect(response.body.data).toHaveLength(1);
    const [invoice] = response.body.data;
    expect(invoice).toMatchObject({
      status: 'unpaid', amount: 333000, tax: 33000, discount: 0,
      payment_codes: { va_bni: '999001ISP00123', alfamart: 'ALFAISP00123', indomaret: 'INDOISP00123' },
      details: [
        { name: 'Home 50 Mbps', price: 300000, qty: 1, disc: 0, total: 300000 },
        { name: 'PPN', price: 33000, qty: 1, disc: 0, total: 33000 },
      ],
    });
    expect(invoice.invoice).toMatch(/^INV-\d{4}-\d{3}$/);
  });

  it('filters by status, month and year', async () => {
    const all = (await app.get('/invoice?status=all', { token })).body.data;
    expect(all.length).toBe(5);
    expect((await app.get('/invoice?status=paid', { token })).body.data).toHaveLength(4);
    const february = (await app.get('/invoice?status=all&month=2&year=2026', { token })).body.data;
    expect(february).toHaveLength(1);
    expect(february[0]).toMatchObject({ month: 2, year: 2026, period: 'February 2026', status: 'paid', invoice: 'INV-2602-001' });
    expect((await app.get('/invoice?status=all&year=2001', { token })).body.data).toEqual([]);
  });

  it.each([['status=late', 'status'], ['month=13', 'month'], ['year=1999', 'year']])('answers 422 for %s', async (query, field) => {
    const response = await app.get(`/invoice?${query}`, { token });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual([field]);
  });

  it('shows a new customer the invoices generated for its service', async () => {
    const customer = await registerCustomer(app);
    await generateInvoices(invoiceRepository(app.ctx.db), 1, 2030, app.clock);
    const response = await app.get('/invoice?year=2030', { token: customer.token });
    expect(response.body.data).toHaveLength(1);
    expect(response.body.data[0]).toMatchObject({ period: 'January 2030', amount: 333000 });
  });

  it('answers 404 not_subscribed for a user without a customer record', async () => {
    const { token: newcomer } = await registerUser(app);
    expect((await app.get('/invoice', { token: newcomer })).body.status).toBe('not_subscribed');
  });
});
