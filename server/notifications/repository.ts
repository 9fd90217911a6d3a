// Data access for device tokens, notifications and their deliveries.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { inTransaction } from '../db/database.js';
import { prepared, preparedInsert } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

export type FcmTokenRow = Selectable<Database['fcm_tokens']>;
export type NotificationRow = Selectable<Database['notifications']>;
export type DeliveryRow = Selectable<Database['notification_deliveries']>;
type DeliveryStatus = DeliveryRow['status'];

export function notificationRepository(db: Kysely<Database>) {
  // Compiled once: a payment stores its notification with them (billing's most frequent write).
  const tokensOf = prepared(db, (userId: number) =>
    db.selectFrom('fcm_tokens').selectAll().where('user_id', '=', userId).where('is_active', '=', 1).orderBy('id'));
  const insertNotification = preparedInsert(db, 'notifications',
    ['user_id', 'title', 'body', 'type', 'reference_type', 'reference_id', 'data_payload', 'created_at', 'updated_at'], true);
  const insertDelivery = preparedInsert(db, 'notification_deliveries',
    ['notification_id', 'fcm_token_id', 'status', 'response', 'error_message', 'sent_at', 'created_at', 'updated_at'], true);
  return {
    findToken: (token: string) => db.selectFrom('fcm_tokens').selectAll().where('token', '=', token).executeTakeFirst(),
    /** The user's active device tokens (in the caller's transaction `trx`, when given). */
    activeTokensOf: (userId: number, trx: Kysely<Database> = db) => tokensOf.in(trx)(userId),
    activeTokensNamed: (tokens: string[]) =>
      tokens.length === 0 ? Promise.resolve([]) :
        db.selectFrom('fcm_tokens').selectAll().where('token', 'in', tokens).where('is_active', '=', 1).orderBy('id').execute(),

    /** Registers the token, or moves it to this user with its new device details; the user keeps at
     * most `keep` active tokens: the ones registered last (this one among them). */
    async saveToken(token: Insertable<Database['fcm_tokens']>, keep: number): Promise<FcmTokenRow> {
      return db.transaction().execute(async (trx) => {
        const saved = await trx.insertInto('fcm_tokens').values(token)
          .onConflict((oc) => oc.column('token').doUpdateSet({
            user_id: token.user_id, platform: token.platform, device_name: token.device_name,
            app_version: token.app_version, is_active: 1, updated_at: token.updated_at,
          }))
          .returningAll().executeTakeFirstOrThrow();
        const kept = trx.selectFrom('fcm_tokens').select('id').where('user_id', '=', token.user_id).where('is_active', '=', 1)
          .orderBy(sql`case when id = ${saved.id} then 0 else 1 end`).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(keep);
        await trx.updateTable('fcm_tokens').set({ is_active: 0, updated_at: token.updated_at })
          .where('user_id', '=', token.user_id).where('is_active', '=', 1)
          .where('id', 'not in', (eb) => eb.selectFrom(kept.as('kept')).select('kept.id'))
          .execute();
        return saved;
      });
    },
    /** Deactivates the user's token; false when it was unknown, someone else's or inactive already. */
    async deactivateToken(userId: number, token: string, at: string): Promise<boolean> {
      const result = await db.updateTable('fcm_tokens').set({ is_active: 0, updated_at: at })
        .where('token', '=', token).where('user_id', '=', userId).where('is_active', '=', 1).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async deactivateTokenId(id: number, at: string): Promise<void> {
      await db.updateTable('fcm_tokens').set({ is_active: 0, updated_at: at }).where('id', '=', id).execute();
    },

    /** The notification with a pending delivery to each token, in one transaction (the caller's
     * `trx`, when given). */
    async createWithDeliveries(notification: Insertable<Database['notifications']>, tokenIds: number[], trx: Kysely<Database> = db): Promise<{ id: number; deliveryIds: number[] }> {
      return inTransaction(trx, async (t) => {
        const { id } = (await insertNotification.in(t)(notification))[0]!;
        const deliveryIds: number[] = [];
        for (const tokenId of tokenIds) {
          const [row] = await insertDelivery.in(t)({
            notification_id: id, fcm_token_id: tokenId, status: 'pending', response: null, error_message: null,
            sent_at: null, created_at: notification.created_at, updated_at: notification.created_at,
          });
          deliveryIds.push(row!.id);
        }
        return { id, deliveryIds };
      });
    },
    async recordDelivery(id: number, outcome: { status: DeliveryStatus; response: string | null; error_message: string | null; sent_at: string | null; updated_at: string }) {
      await db.updateTable('notification_deliveries').set(outcome).where('id', '=', id).execute();
      await db.updateTable('notifications').set({ updated_at: outcome.updated_at })
        .where('id', '=', db.selectFrom('notification_deliveries').select('notification_id').where('id', '=', id)).execute();
    },

    /** A page of the user's notifications, newest first, with the total count. */
    async page(userId: number, filter: { type?: string; status?: DeliveryStatus }, limit: number, offset: number) {
      let query = db.selectFrom('notifications').where('user_id', '=', userId);
      if (filter.type) query = query.where('type', '=', filter.type);
      if (filter.status) {
        const status = filter.status;
        query = query.where(({ exists, selectFrom }) => exists(
          selectFrom('notification_deliveries').select('id')
            .whereRef('notification_deliveries.notification_id', '=', 'notifications.id')
            .where('notification_deliveries.status', '=', status),
        ));
      }
      const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      // Past the last page there is nothing to read, and an offset beyond the database's integers fails the query.
      if (offset >= Number(total)) return { total: Number(total), rows: [] };
      const rows = await query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return { total: Number(total), rows };
    },
    deliveriesOf: (notificationIds: number[]) =>
      notificationIds.length === 0 ? Promise.resolve([]) :
        db.selectFrom('notification_deliveries')
          .innerJoin('fcm_tokens', 'fcm_tokens.id', 'notification_deliveries.fcm_token_id')
          .selectAll('notification_deliveries').select('fcm_tokens.token')
          .where('notification_id', 'in', notificationIds).orderBy('notification_deliveries.id').execute(),
  };
}

export type NotificationRepository = ReturnType<typeof notificationRepository>;
