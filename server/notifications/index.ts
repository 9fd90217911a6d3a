// The Notification component, and the notification a customer gets when an invoice is paid.
import type { Kysely } from 'kysely';
import { userRepository } from '../auth/repository.js';
import type { PaidInvoice } from '../billing/service.js';
import type { AppContext } from '../context.js';
import { customerRepository } from '../customers/repository.js';
import type { Database } from '../db/schema.js';
import { invoiceCode } from '../invoices/numbers.js';
import { periodName } from '../shared/clock.js';
import { notificationDelivery } from './delivery.js';
import { notificationRepository } from './repository.js';
import { notificationRoutes } from './routes.js';
import { notificationService } from './service.js';

export function notificationsComponent({ db, clock, pushSender }: AppContext) {
  const notifications = notificationRepository(db);
  const { deliver, record } = notificationDelivery(notifications, pushSender, clock);
  const service = notificationService({ notifications, customers: customerRepository(db), users: userRepository(db), deliver, clock });

  /** Stores the customer's notification of a paid invoice in the payment's transaction `trx`, so that
   * no payment is committed without it; returns its sending, to run once the payment is committed. */
  async function invoicePaid(trx: Kysely<Database>, { invoice, customer }: PaidInvoice): Promise<() => Promise<void>> {
    const code = invoiceCode(invoice);
    const send = await record({
      userId: customer.user_id,
      type: 'fcm_invoice_paid',
      referenceType: 'invoice',
      referenceId: invoice.number,
      payload: { no_services: customer.no_services },
      message: {
        title: 'Pembayaran Diterima',
        body: `Tagihan ${code} periode ${periodName(invoice.month, invoice.year)} sudah dibayar.`,
        data: { type: 'invoice_paid', invoice: String(invoice.number) },
      },
    }, await notifications.activeTokensOf(customer.user_id, trx), trx);
    return async () => {
      await send();
    };
  }

  return { notifications: service, invoicePaid, router: notificationRoutes(service) };
}
