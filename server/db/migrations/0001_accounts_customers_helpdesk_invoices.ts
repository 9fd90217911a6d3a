// The tables of accounts, the catalogue, customers, helpdesk and invoices.
import type { Kysely } from 'kysely';
import { idColumn, type Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    const table = (name: string) => idColumn(db.schema.createTable(name), dialect);

    await table('companies').addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await table('package_categories').addColumn('name', 'text', (c) => c.notNull()).execute();
    await table('packages')
      .addColumn('company_id', 'integer', (c) => c.notNull().references('companies.id'))
      .addColumn('category_id', 'integer', (c) => c.notNull().references('package_categories.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('price', 'integer', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('public', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await table('id_types').addColumn('name', 'text', (c) => c.notNull()).execute();

    await table('users')
      .addColumn('uid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('phone', 'bigint', (c) => c.notNull())
      .addColumn('phonecode', 'integer', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('image', 'text', (c) => c.notNull())
      .addColumn('gender', 'text')
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('role_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createTable('revoked_tokens')
      .addColumn('jti', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();

    await table('customers')
      .addColumn('uid', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id'))
      .addColumn('company_id', 'integer', (c) => c.notNull().references('companies.id'))
      .addColumn('no_services', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('phone', 'bigint', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('address_verified_date', 'text')
      .addColumn('register_date', 'text', (c) => c.notNull())
      .addColumn('activation_date', 'text')
      .addColumn('email_verified_date', 'text')
      .addColumn('id_card_verified_date', 'text')
      .addColumn('id_type_id', 'integer', (c) => c.notNull().references('id_types.id'))
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('latitude', 'real')
      .addColumn('longitude', 'real')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await table('services')
      .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
      .addColumn('package_id', 'integer', (c) => c.notNull().references('packages.id'))
      .addColumn('qty', 'integer', (c) => c.notNull())
      .addColumn('price', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await table('password_otps')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('consumed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('password_otps_user').on('password_otps').column('user_id').execute();

    await table('help_types').addColumn('name', 'text', (c) => c.notNull()).execute();
    await table('help_solutions')
      .addColumn('help_type_id', 'integer', (c) => c.notNull().references('help_types.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('solution', 'text', (c) => c.notNull())
      .execute();
    await table('tickets')
      .addColumn('no_ticket', 'text', (c) => c.notNull().unique())
      .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
      .addColumn('help_type_id', 'integer', (c) => c.notNull().references('help_types.id'))
      .addColumn('help_solution_id', 'integer', (c) => c.notNull().references('help_solutions.id'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('date_help', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tickets_customer').on('tickets').columns(['customer_id', 'date_help']).execute();
    await table('ticket_events')
      .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
      .addColumn('remark', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ticket_events_ticket').on('ticket_events').column('ticket_id').execute();

    await table('invoices')
      .addColumn('number', 'integer', (c) => c.notNull().unique())
      .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
      .addColumn('month', 'integer', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('amount', 'integer', (c) => c.notNull())
      .addColumn('tax', 'integer', (c) => c.notNull())
      .addColumn('discount', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('isolir_date', 'text', (c) => c.notNull())
      .addColumn('payment_date', 'text')
      .addColumn('reference_no', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('invoices_customer_period', ['customer_id', 'year', 'month'])
      .execute();
    await table('invoice_lines')
      .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('price', 'integer', (c) => c.notNull())
      .addColumn('qty', 'integer', (c) => c.notNull())
      .addColumn('disc', 'integer', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('remark', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('invoice_lines_invoice').on('invoice_lines').column('invoice_id').execute();
  };
}
