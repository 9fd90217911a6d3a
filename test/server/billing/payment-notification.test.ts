// A payment and the customer's notification of it: stored together, the notification sent once the
// payment is committed, and a push provider that fails (PushProviderError, a network error) neither
// undoes the payment nor turns its answer into an error; the failure is logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushProviderError } from '../../../server/adapters/push-sender.js';
import { DEMO_API_KEY } from '../../../server/demo/constants.js';
import { login } from '../../support/accounts.js';
import { capturingLogger, startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';
import { eventually } from '../../support/timeouts.js';

describe.each(await databaseKinds())('the notification of a payment on %s', (kind) => {
  let app: TestApp;
  const log = capturingLogger();
  let pushes = 0;

  beforeAll(async () => {
    app = await startApp(kind, {
      logger: log.logger,
      pushSender: {
        send: async () => {
          pushes++;
          throw new PushProviderError('the push provider refused our credentials');
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is stored with the payment and sent after it; a failing push leaves the payment paid and answered 200', async () => {
    const token = await login(app, 'siti@example.com');
    expect((await app.post('/notification/token', { token: 'device-of-siti-0001' }, { token })).status).toBe(200);
    const unpaid = await app.request('GET', '/billing/unpaid?no_services=28900001', undefined, { apiKey: DEMO_API_KEY });
    const invoice = unpaid.body.data[0].invoice as number;

    const paid = await app.request('POST', '/billing/mark-as-paid', { invoice: String(invoice), no_services: '28900001', reference_no: 'REF-PUSH-DOWN' }, { apiKey: DEMO_API_KEY });
    expect(paid.status).toBe(200);
    expect(pushes).toBe(1);
    const row = await app.ctx.db.selectFrom('invoices').select(['status', 'reference_no']).where('number', '=', invoice).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'paid', reference_no: 'REF-PUSH-DOWN' });
    const notice = await app.ctx.db.selectFrom('notifications').select(['id', 'user_id'])
      .where('type', '=', 'fcm_invoice_paid').where('reference_id', '=', invoice).execute();
    expect(notice).toHaveLength(1);
    expect(await eventually(() => log.lines().some((line) => line.msg === 'invoice-paid notification failed' && line.invoice === String(invoice)), Boolean)).toBe(true);
  });
});
