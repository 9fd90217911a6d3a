// Notifications: device tokens of the logged-in user, the list of what was sent to them, and
// sending (a test to oneself; for integrations, a test or a real push to a customer or to tokens).
import type { components } from '../../generated/server-api.js';
import type { PushMessage } from '../adapters/push-sender.js';
import type { CurrentUser } from '../auth/current-user.js';
import type { AuthService } from '../auth/service.js';
import type { CustomerService } from '../customers/service.js';
import type { OnPaid } from '../billing/service.js';
import { invoiceCode } from '../invoices/numbers.js';
import { AppError } from '../errors.js';
import type { Operation, Query } from '../http/typed-routes.js';
import { jakartaDateTime, periodName, type Clock } from '../shared/clock.js';
import type { DeliverySummary, NotificationDelivery } from './delivery.js';
import type { FcmTokenRow, NotificationRepository } from './repository.js';

type Schemas = components['schemas'];
type ListQuery = Query<Operation<'/notification', 'get'>>;

export const DEFAULT_TEST_TITLE = 'Test Notifikasi Firebase';
/** Active device tokens a user keeps: each is a push on every send to the user (the least recently
 * registered go first; a phone that reinstalls the app registers anew). */
export const MAX_DEVICE_TOKENS = 10;
const noTargetTokens = () => AppError.status(404, 'not_found', 'Target token tidak ditemukan.');

/** The token as the list shows it: its start only. */
const shortToken = (token: string) => (token.length > 16 ? `${token.slice(0, 14)}...` : token);

function publicSummary(summary: DeliverySummary): Schemas['PushSummary'] {
  if (summary.messageRejected) throw AppError.status(422, 'failed', `Firebase menolak pesan: ${summary.messageRejected}`);
  const { target, success, failed, invalid_tokens } = summary;
  return { target, success, failed, invalid_tokens };
}

export function notificationService(deps: {
  notifications: NotificationRepository;
  customers: Pick<CustomerService, 'userIdOf'>;
  users: Pick<AuthService, 'userIdByEmail'>;
  delivery: NotificationDelivery;
  clock: Clock;
}) {
  const { notifications, customers, users, delivery: { deliver, record }, clock } = deps;

  /** The user a push is for, named by customer number or email. */
  async function targetUser(target: { no_services?: string; email?: string }): Promise<number | undefined> {
    if (target.no_services !== undefined) return customers.userIdOf(target.no_services);
    if (target.email !== undefined) return users.userIdByEmail(target.email);
    return undefined;
  }

  /** Sends to every user's tokens, one notification per user; the summed summary. */
  async function sendToTokens(tokens: FcmTokenRow[], message: PushMessage, type: string): Promise<Schemas['PushSummary']> {
    const byUser = new Map<number, FcmTokenRow[]>();
    for (const token of tokens) byUser.set(token.user_id, [...(byUser.get(token.user_id) ?? []), token]);
    const total: DeliverySummary = { target: 0, success: 0, failed: 0, invalid_tokens: 0 };
    for (const [userId, own] of byUser) {
      const summary = await deliver({ userId, type, message }, own);
      total.target += summary.target;
      total.success += summary.success;
      total.failed += summary.failed;
      total.invalid_tokens += summary.invalid_tokens;
      total.messageRejected ??= summary.messageRejected;
    }
    return publicSummary(total);
  }

  /** Stores the customer's notification of a paid invoice in the payment's transaction, so that no
   * payment is committed without it; returns its sending, to run once the payment is committed. */
  const invoicePaid: OnPaid = async (trx, { invoice, customer }) => {
    const send = await record({
      userId: customer.user_id,
      type: 'fcm_invoice_paid',
      referenceType: 'invoice',
      referenceId: invoice.number,
      payload: { no_services: customer.no_services },
      message: {
        title: 'Pembayaran Diterima',
        body: `Tagihan ${invoiceCode(invoice)} periode ${periodName(invoice.month, invoice.year)} sudah dibayar.`,
        data: { type: 'invoice_paid', invoice: String(invoice.number) },
      },
    }, await notifications.activeTokensOf(customer.user_id, trx), trx);
    return async () => {
      await send();
    };
  };

  return {
    invoicePaid,

    async saveToken(user: CurrentUser, input: Schemas['DeviceTokenRequest']): Promise<Schemas['DeviceToken']> {
      const at = jakartaDateTime(clock.now());
      const row = await notifications.saveToken({
        user_id: user.id, token: input.token, platform: input.platform ?? null, device_name: input.device_name ?? null,
        app_version: input.app_version ?? null, is_active: 1, created_at: at, updated_at: at,
      }, MAX_DEVICE_TOKENS);
      const { id, platform, device_name, app_version, created_at, updated_at } = row;
      return { id, platform, device_name, app_version, is_active: row.is_active === 1, created_at, updated_at };
    },

    deactivateToken: (user: CurrentUser, token: string) => notifications.deactivateToken(user.id, token, jakartaDateTime(clock.now())),

    async list(user: CurrentUser, query: ListQuery) {
      const perPage = query.per_page ?? 20;
      const page = query.page ?? 1;
      const { total, rows } = await notifications.page(user.id, query, perPage, (page - 1) * perPage);
      const deliveries = await notifications.deliveriesOf(rows.map((r) => r.id));
      const data = rows.map((row): Schemas['Notification'] => {
        const own = deliveries.filter((d) => d.notification_id === row.id);
        const sentAt = own.map((d) => d.sent_at).filter((at): at is string => at !== null).sort();
        const { user_id, ...fields } = row;
        return {
          ...fields,
          summary: {
            total: own.length,
            sent: own.filter((d) => d.status === 'sent').length,
            failed: own.filter((d) => d.status === 'failed').length,
            pending: own.filter((d) => d.status === 'pending').length,
            last_sent_at: sentAt.at(-1) ?? null,
          },
          deliveries: own.map(({ notification_id, token, ...d }) => ({ ...d, token: shortToken(token) })),
        };
      });
      return {
        data,
        pagination: { current_page: page, per_page: perPage, total, last_page: Math.max(1, Math.ceil(total / perPage)) },
        filters: { type: query.type ?? null, status: query.status ?? null },
      };
    },

    /** A test push to every active token of the logged-in user. */
    async testOwn(user: CurrentUser, input: Schemas['TestNotificationRequest'] | undefined): Promise<Schemas['PushSummary']> {
      const tokens = await notifications.activeTokensOf(user.id);
      if (tokens.length === 0) throw AppError.status(404, 'not_found', 'Belum ada token perangkat terdaftar.');
      const message = { title: input?.title ?? DEFAULT_TEST_TITLE, body: input?.body ?? '', data: input?.data ?? {} };
      return sendToTokens(tokens, message, 'fcm_test');
    },

    /** A test push for integrations: dry run (the default) resolves the targets and sends nothing. */
    async testPush(input: Schemas['TestPushRequest']): Promise<Schemas['PushDryRun'] | Schemas['PushSent']> {
      if (input.no_services === undefined && input.email === undefined) throw AppError.oneOfRequired(['no_services', 'email']);
      const userId = await targetUser(input);
      const tokens = userId === undefined ? [] : await notifications.activeTokensOf(userId);
      if (tokens.length === 0) throw noTargetTokens();
      const message = { title: input.title ?? DEFAULT_TEST_TITLE, body: input.body ?? '', data: input.data ?? {} };
      if (input.dry_run ?? true) {
        return {
          status: 'success',
          message: 'Dry run berhasil. Target token ditemukan dan siap dikirim.',
          dry_run: true,
          resolved: { no_services: input.no_services ?? null, email: input.email ?? null, matched_tokens: tokens.length },
          payload_preview: { title: message.title, body: input.body ?? null, data: message.data },
        };
      }
      return { status: 'success', message: 'Test push notifikasi selesai.', dry_run: false, summary: await sendToTokens(tokens, message, 'fcm_test') };
    },

    /** A push to the customer's tokens and/or the listed registered tokens. */
    async push(input: Schemas['PushRequest']): Promise<Schemas['PushSummary']> {
      if (input.no_services === undefined && input.email === undefined && input.tokens === undefined) throw AppError.oneOfRequired(['no_services', 'email', 'tokens']);
      const userId = await targetUser(input);
      const tokens = [
        ...(userId === undefined ? [] : await notifications.activeTokensOf(userId)),
        ...(await notifications.activeTokensNamed(input.tokens ?? [])),
      ].filter((token, i, all) => all.findIndex((t) => t.id === token.id) === i);
      if (tokens.length === 0) throw noTargetTokens();
      return sendToTokens(tokens, { title: input.title, body: input.body, data: input.data ?? {} }, 'fcm_push');
    },
  };
}

export type NotificationService = ReturnType<typeof notificationService>;
