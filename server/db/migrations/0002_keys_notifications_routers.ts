// API keys of payment partners, device tokens and notifications, and the routers customers are
// connected through (with each customer's PPP account on its router).
import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    const table = (name: string) => idColumn(db.schema.createTable(name), dialect);

    await table('api_keys')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('key_prefix', 'text', (c) => c.notNull())
      .addColumn('allowed_cidrs', 'text')
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();

    await table('routers')
      .addColumn('company_id', 'integer', (c) => c.notNull().references('companies.id'))
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('password', 'text', (c) => c.notNull())
      .addColumn('isolation_profile', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('customers').addColumn('router_id', 'integer', (c) => c.references('routers.id')).execute();
    await db.schema.alterTable('customers').addColumn('mode', 'text').execute();
    await db.schema.alterTable('customers').addColumn('user_mikrotik', 'text').execute();
    await db.schema.alterTable('customers').addColumn('user_profile', 'text').execute();

    await table('fcm_tokens')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('token', 'text', (c) => c.notNull().unique())
      .addColumn('platform', 'text')
      .addColumn('device_name', 'text')
      .addColumn('app_version', 'text')
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('fcm_tokens_user').on('fcm_tokens').columns(['user_id', 'is_active']).execute();

    await table('notifications')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('reference_type', 'text')
      .addColumn('reference_id', 'integer')
      .addColumn('data_payload', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();

    await table('notification_deliveries')
      .addColumn('notification_id', 'integer', (c) => c.notNull().references('notifications.id'))
      .addColumn('fcm_token_id', 'integer', (c) => c.notNull().references('fcm_tokens.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('response', 'text')
      .addColumn('error_message', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('deliveries_notification').on('notification_deliveries').column('notification_id').execute();
  };
}
