// Demo data for a fresh database: the catalogue (regions, packages, identity document types, help
// types and solutions) and two customers with invoices and tickets. It runs once, in one transaction:
// a database that already has regions is left alone, and several processes starting at once on one
// PostgreSQL database take turns (an advisory lock), so that the first seeds and the others find it.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import bcrypt from 'bcryptjs';
import type { DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { generateInvoices } from '../invoices/generate.js';
import { DEFAULT_IMAGE } from '../auth/profile-photo.js';
import { DEMO_ROUTER } from './demo-router.js';
import { invoiceRepository } from '../invoices/repository.js';
import { ticketNumber } from '../helpdesk/service.js';
import { hashKey } from '../keys/service.js';
import { jakartaDate, jakartaDateTime, type Clock } from '../shared/clock.js';
import { DEMO_API_KEY, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_RESTRICTED_API_KEY, DEMO_RESTRICTED_CIDR } from './constants.js';

export async function seedCatalog(db: Kysely<Database>): Promise<void> {
  await db.insertInto('companies').values([
    { name: 'Region Jakarta', is_active: 1 }, { name: 'Region Bandung', is_active: 1 }, { name: 'Region Surabaya', is_active: 1 },
  ]).execute();
  await db.insertInto('package_categories').values([{ name: 'Internet' }, { name: 'TV' }]).execute();
  await db.insertInto('packages').values([
    { company_id: 1, category_id: 1, name: 'Home 20 Mbps', price: 200000, description: 'Unlimited broadband', public: 1, is_active: 1 },
    { company_id: 1, category_id: 1, name: 'Home 50 Mbps', price: 300000, description: 'Unlimited broadband', public: 1, is_active: 1 },
    { company_id: 1, category_id: 1, name: 'Home 100 Mbps', price: 450000, description: 'Unlimited broadband', public: 1, is_active: 1 },
    { company_id: 1, category_id: 1, name: 'Corporate 1 Gbps', price: 5000000, description: 'By contract only', public: 0, is_active: 1 },
    { company_id: 1, category_id: 1, name: 'Home 10 Mbps', price: 150000, description: 'Discontinued', public: 1, is_active: 0 },
    { company_id: 2, category_id: 1, name: 'Home 30 Mbps', price: 250000, description: 'Unlimited broadband', public: 1, is_active: 1 },
    { company_id: 2, category_id: 2, name: 'TV Basic', price: 75000, description: '80 channels', public: 1, is_active: 1 },
    { company_id: 3, category_id: 1, name: 'Home 40 Mbps', price: 275000, description: null, public: 1, is_active: 1 },
  ]).execute();
  await db.insertInto('id_types').values([
    { name: 'Identity Card (KTP)' }, { name: 'Passport' }, { name: 'Driving License (SIM)' },
  ]).execute();
  await db.insertInto('help_types').values([
    { name: 'Gangguan koneksi' }, { name: 'Tagihan' }, { name: 'Perubahan layanan' },
  ]).execute();
  await db.insertInto('routers').values([
    { company_id: 1, ...DEMO_ROUTER, isolation_profile: 'ISOLIR' },
  ]).execute();
  await db.insertInto('help_solutions').values([
    { help_type_id: 1, name: 'Restart modem', solution: 'Silakan matikan lalu nyalakan router.' },
    { help_type_id: 1, name: 'Periksa kabel', solution: 'Pastikan kabel fiber dan LAN terpasang dengan benar.' },
    { help_type_id: 2, name: 'Cek pembayaran', solution: 'Periksa status pembayaran di menu Tagihan.' },
    { help_type_id: 3, name: 'Hubungi admin', solution: 'Admin akan menghubungi Anda untuk perubahan layanan.' },
  ]).execute();
}

async function seedCustomer(db: Kysely<Database>, clock: Clock, index: number, verified: boolean) {
  const demo = DEMO_CUSTOMERS[index]!;
  const now = jakartaDateTime(clock.now());
  const user = await db.insertInto('users').values({
    uid: randomUUID(), name: demo.name, email: demo.email, password_hash: await bcrypt.hash(DEMO_PASSWORD, 10),
    phone: 628123456789 + index, phonecode: 62, address: 'Jl. Merdeka 123', image: DEFAULT_IMAGE,
    gender: index === 0 ? 'Male' : 'Female', is_active: 1, role_name: 'Customer', created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  // Each demo customer has a phone with the app: partner pushes to them have a target.
  await db.insertInto('fcm_tokens').values({
    user_id: user.id, token: `demo-device-token-${demo.no_services.toLowerCase()}`, platform: 'android', device_name: 'Demo phone', app_version: '2.4.0',
    is_active: 1, created_at: now, updated_at: now,
  }).execute();
  const customer = await db.insertInto('customers').values({
    uid: `cst-00${index + 1}`, user_id: user.id, company_id: 1, no_services: demo.no_services, name: demo.name, email: demo.email,
    phone: 628123456789 + index, address: 'Jl. Fiber No. 1',
    address_verified_date: verified ? '2023-01-12' : null, register_date: '2023-01-10', activation_date: '2023-01-11',
    email_verified_date: verified ? '2023-01-12' : null, id_card_verified_date: verified ? '2023-01-13' : null,
    id_type_id: 1, id_number: `320101010101000${index + 1}`, status: 'active', latitude: -6.2, longitude: 106.816666,
    created_at: now, updated_at: now,
    // John is synchronised to the router; Siti not yet.
    router_id: 1, mode: 'PPPOE', user_mikrotik: index === 0 ? 'john_pppoe' : null, user_profile: 'REG50M',
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('services').values({
    customer_id: customer.id, package_id: 2, qty: 1, price: 300000, total: 300000, is_active: 1, created_at: now,
  }).execute();
  return customer.id;
}

async function seedTickets(db: Kysely<Database>, clock: Clock, customerId: number): Promise<void> {
  const today = jakartaDate(clock.now());
  const at = (time: string) => `${today} ${time}`;
  const open = await db.insertInto('tickets').values({
    no_ticket: ticketNumber(today, 1), customer_id: customerId, help_type_id: 1, help_solution_id: 1,
    description: 'Internet down sejak pagi.', status: 'process', date_help: today, created_at: at('00:00:01'), updated_at: at('00:00:02'),
  }).returning('id').executeTakeFirstOrThrow();
  const closed = await db.insertInto('tickets').values({
    no_ticket: ticketNumber(today, 2), customer_id: customerId, help_type_id: 2, help_solution_id: 3,
    description: 'Tagihan bulan lalu belum terupdate.', status: 'closed', date_help: today, created_at: at('00:00:03'), updated_at: at('00:00:04'),
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('ticket_sequences').values({ date_help: today, last: 2 }).execute();
  await db.insertInto('ticket_events').values([
    { ticket_id: open.id, remark: 'Tiket dibuat oleh pelanggan.', status: 'pending', actor: 'John Doe', action: null, created_at: at('00:00:01') },
    { ticket_id: open.id, remark: 'Teknisi sedang menuju lokasi.', status: 'process', actor: 'Admin Helpdesk', action: null, created_at: at('00:00:02') },
    { ticket_id: closed.id, remark: 'Tiket dibuat oleh pelanggan.', status: 'pending', actor: 'John Doe', action: null, created_at: at('00:00:03') },
    { ticket_id: closed.id, remark: 'Pembayaran sudah tercatat.', status: 'closed', actor: 'John Doe', action: 'by customer', created_at: at('00:00:04') },
  ]).execute();
}

/** Runs `work` in a transaction that holds the demo's lock on PostgreSQL until it ends: of several
 * processes seeding (or resetting) at once, one goes first and the others find its data. */
export function withDemoLock<T>({ db: database, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return database.transaction().execute(async (db) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('jwi demo seed'))`.execute(db);
    return work(db);
  });
}

/** Seeds the demo once; returns false when the database already had data. */
export function seedDemo(handle: Pick<DatabaseHandle, 'db' | 'dialect'>, clock: Clock): Promise<boolean> {
  return withDemoLock(handle, async (db) => {
    if (await db.selectFrom('companies').select('id').limit(1).executeTakeFirst()) return false;
    await seedAll(db, clock);
    return true;
  });
}

/** The demo data, into empty tables (in the caller's transaction). */
export async function seedAll(db: Kysely<Database>, clock: Clock): Promise<void> {
  await seedCatalog(db);
  const john = await seedCustomer(db, clock, 0, true);
  await seedCustomer(db, clock, 1, false);
  await seedTickets(db, clock, john);
  await db.insertInto('api_keys').values([
    {
      name: 'Demo payment partner', key_hash: hashKey(DEMO_API_KEY), key_prefix: DEMO_API_KEY.slice(0, 12),
      allowed_cidrs: null, is_active: 1, created_at: jakartaDateTime(clock.now()), revoked_at: null,
    },
    {
      name: 'Demo partner, TEST-NET-1 only', key_hash: hashKey(DEMO_RESTRICTED_API_KEY), key_prefix: DEMO_RESTRICTED_API_KEY.slice(0, 12),
      allowed_cidrs: DEMO_RESTRICTED_CIDR, is_active: 1, created_at: jakartaDateTime(clock.now()), revoked_at: null,
    },
  ]).execute();

  // Invoices: February 2026 (the period of the reference's billing curl lines) and the last four
  // months. John has paid all but the current month; Siti has paid nothing.
  const invoices = invoiceRepository(db);
  const [year, month] = jakartaDate(clock.now()).split('-').map(Number) as [number, number];
  const periods = [{ month: 2, year: 2026 }, ...[3, 2, 1, 0].map((back) => {
    const m = month - back;
    return m > 0 ? { month: m, year } : { month: m + 12, year: year - 1 };
  })];
  for (const period of periods) await generateInvoices(invoices, period.month, period.year, clock);
  const current = periods.at(-1)!;
  await db.updateTable('invoices')
    .set((eb) => ({ status: 'paid', payment_date: eb.ref('due_date'), reference_no: 'DEMO-PAYMENT' }))
    .where('customer_id', '=', john)
    .where((eb) => eb.or([eb('year', '!=', current.year), eb('month', '!=', current.month)]))
    .execute();
}
