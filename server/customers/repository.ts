// Data access for customers and their service lines.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { isUniqueViolation } from '../db/dialect.js';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

export type CustomerRow = Selectable<Database['customers']>;

/** The write's result, or undefined when it broke a unique key: the database error stays here and
 * the service reads a plain outcome (a transaction has been rolled back by then). */
async function unlessKeyTaken<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}

export function customerRepository(db: Kysely<Database>) {
  const byUserId = prepared(db, (userId: number) => db.selectFrom('customers').selectAll().where('user_id', '=', userId));
  const detail = prepared(db, (userId: number) =>
    db.selectFrom('customers')
      .innerJoin('id_types', 'id_types.id', 'customers.id_type_id')
      .innerJoin('services', (join) => join.onRef('services.id', '=', (eb) => eb.selectFrom('services as s').select('s.id')
        .whereRef('s.customer_id', '=', 'customers.id').orderBy('s.is_active', 'desc').orderBy('s.id', 'desc').limit(1)))
      .innerJoin('packages', 'packages.id', 'services.package_id')
      // The columns the customer's detail shows, not customers.*: on SQLite every column read has a
      // cost of its own, and this query runs on every GET /customer (docs/performance.md, Storage).
      .select(['customers.uid', 'customers.name', 'customers.email', 'customers.phone', 'customers.no_services', 'customers.address',
        'customers.address_verified_date', 'customers.register_date', 'customers.activation_date', 'customers.email_verified_date',
        'customers.id_card_verified_date', 'customers.id_type_id', 'customers.id_number', 'customers.status'])
      .select(['id_types.name as id_type', 'services.qty', 'services.price', 'services.total', 'packages.name as package_name', 'packages.description as package_description'])
      .where('customers.user_id', '=', userId));
  return {
    findById: (id: number) => db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst(),
    findByUserId: async (userId: number) => (await byUserId(userId))[0],
    findByNoServices: (noServices: string) =>
      db.selectFrom('customers').selectAll().where('no_services', '=', noServices).executeTakeFirst(),

    /** The user's customer with its identity type and its current service line and package, in one query. */
    detailOfUser: async (userId: number) => (await detail(userId))[0],

    /** Whether any user other than `userId`, or any customer other than its own, has the email. */
    async emailTakenByOthers(email: string, userId: number): Promise<boolean> {
      const user = await db.selectFrom('users').select('id').where('email', '=', email).where('id', '!=', userId).executeTakeFirst();
      if (user) return true;
      const customer = await db.selectFrom('customers').select('id').where('email', '=', email).where('user_id', '!=', userId).executeTakeFirst();
      return customer !== undefined;
    },

    /** The customer and its first service line, in one transaction; undefined, and nothing written,
     * when one of the customer's unique keys (user_id, no_services, uid, email) is already taken. */
    async createWithService(
      customer: Insertable<Database['customers']>,
      service: Omit<Insertable<Database['services']>, 'customer_id'>,
    ): Promise<CustomerRow | undefined> {
      return unlessKeyTaken(db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('customers').values(customer).returningAll().executeTakeFirstOrThrow();
        await trx.insertInto('services').values({ ...service, customer_id: row.id }).execute();
        return row;
      }));
    },

    async update(id: number, changes: Updateable<Database['customers']>): Promise<void> {
      await db.updateTable('customers').set(changes).where('id', '=', id).execute();
    },

    /** Changes the email of the customer and of its user together; false, and nothing changed, when
     * another customer or user has the email (one that took it since emailTakenByOthers looked). */
    async updateEmail(customer: CustomerRow, email: string, at: string): Promise<boolean> {
      const changed = db.transaction().execute(async (trx) => {
        await trx.updateTable('customers').set({ email, updated_at: at }).where('id', '=', customer.id).execute();
        await trx.updateTable('users').set({ email, updated_at: at }).where('id', '=', customer.user_id).execute();
        return true;
      });
      return (await unlessKeyTaken(changed)) ?? false;
    },

    /** Changes the phone of the customer, and the phone and calling code of its user. */
    async updatePhone(customer: CustomerRow, phonecode: number, phone: number, at: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('customers').set({ phone, updated_at: at }).where('id', '=', customer.id).execute();
        await trx.updateTable('users').set({ phone, phonecode, updated_at: at }).where('id', '=', customer.user_id).execute();
      });
    },
  };
}

export type CustomerRepository = ReturnType<typeof customerRepository>;
