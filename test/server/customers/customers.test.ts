// The customer record: subscribe, detail, and the field updates with their verification locks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, registerCustomer, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

const SUBSCRIBE = { package_id: 2, company_id: 1, id_type_id: 1, id_number: '3201010101010009' };

describe.each(await databaseKinds())('customers on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(kind);
  });
  afterAll(() => app?.close());

  describe('GET /customer', () => {
    it('answers 404 not_subscribed for a user without a customer record', async () => {
      const { token } = await registerUser(app);
      const response = await app.get('/customer', { token });
      expect(response.status).toBe(404);
      expect(response.body.status).toBe('not_subscribed');
    });

    it('shows the customer with its service and package', async () => {
      const response = await app.get('/customer', { token: await login(app) });
      expect(response.body.customer).toMatchObject({
        no_services: 'ISP00123', id_type: 'Identity Card (KTP)', id_card_verified_date: '2023-01-13', status: 'active',
        service: { qty: 1, price: 300000, total: 300000, package: { name: 'Home 50 Mbps' } },
      });
    });
  });

  describe('POST /customer', () => {
    it('creates the customer, its no_services and its first service line', async () => {
      const { user, token } = await registerUser(app);
      const response = await app.post('/customer', { ...SUBSCRIBE, latitude: -6.2, longitude: 106.8 }, { token });
      expect(response.status).toBe(201);
      expect(response.body.customer).toMatchObject({ name: user.name, email: user.email });
      const detail = (await app.get('/customer', { token })).body.customer;
      expect(detail).toMatchObject({ no_services: response.body.customer.no_services, status: 'pending', activation_date: null, id_number: SUBSCRIBE.id_number });
      expect(detail.service.package.name).toBe('Home 50 Mbps');
    });

    it('ignores server-owned fields sent in the body (mass assignment)', async () => {
      const { token } = await registerUser(app);
      const response = await app.post('/customer', {
        ...SUBSCRIBE, no_services: 'CHOSEN001', status: 'active', activation_date: '2020-01-01', id_card_verified_date: '2020-01-01',
        email_verified_date: '2020-01-01', address_verified_date: '2020-01-01', user_id: 1, uid: 'cst-001',
      }, { token });
      expect(response.status).toBe(201);
      const detail = (await app.get('/customer', { token })).body.customer;
      expect(detail.no_services).not.toBe('CHOSEN001');
      expect(detail).toMatchObject({ status: 'pending', activation_date: null, id_card_verified_date: null, email_verified_date: null, address_verified_date: null });
      expect(detail.uid).not.toBe('cst-001');
      const demo = (await app.get('/customer', { token: await login(app) })).body.customer;
      expect(demo.no_services).toBe('ISP00123'); // the demo user (id 1) still has its own record only
      const updated = await app.put('/customer/address', { address: 'Jl. Baru 2', address_verified_date: '2020-01-01' }, { token });
      expect(updated.status).toBe(200);
      expect((await app.get('/customer', { token })).body.customer).toMatchObject({ address: 'Jl. Baru 2', address_verified_date: null });
    });

    it('answers 409 with the existing number on a second try, even at the same moment', async () => {
      const { token } = await registerUser(app);
      const [a, b] = await Promise.all([app.post('/customer', SUBSCRIBE, { token }), app.post('/customer', SUBSCRIBE, { token })]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const again = await app.post('/customer', SUBSCRIBE, { token });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ status: 'already_subscribed', no_services: (a.status === 201 ? a : b).body.customer.no_services });
      const rows = await app.ctx.db.selectFrom('customers').innerJoin('users', 'users.id', 'customers.user_id')
        .select('customers.id').where('users.email', '=', (await app.get('/auth/me', { token })).body.email).execute();
      expect(rows).toHaveLength(1);
    });

    it.each([
      ['an unknown package', { package_id: 999 }],
      ['a package of another company', { package_id: 6 }],
      ['a package that is not public', { package_id: 4 }],
      ['an inactive package', { package_id: 5 }],
    ])('answers 404 for %s', async (_, change) => {
      const { token } = await registerUser(app);
      const response = await app.post('/customer', { ...SUBSCRIBE, ...change }, { token });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ status: 'not_found', message: 'Paket layanan tidak ditemukan.' });
    });

    it('answers 422 for an unknown identity type or an id number over 20 characters', async () => {
      const { token } = await registerUser(app);
      expect((await app.post('/customer', { ...SUBSCRIBE, id_type_id: 99 }, { token })).body.errors)
        .toEqual({ id_type_id: ['The selected id type id is invalid.'] });
      expect((await app.post('/customer', { ...SUBSCRIBE, id_number: '1'.repeat(21) }, { token })).body.errors)
        .toEqual({ id_number: ['The id number may not be greater than 20 characters.'] });
    });
  });

  describe('field updates', () => {
    it('changes the identity document until it is verified', async () => {
      const { token } = await registerCustomer(app);
      const response = await app.put('/customer/change-id-card', { id_type_id: 2, id_number: 'A1234567' }, { token });
      expect(response.body.customer).toEqual({ id_type_id: 2, id_type: 'Passport', id_number: 'A1234567' });
      await verify(app, token, 'id_card_verified_date');
      const locked = await app.put('/customer/change-id-card', { id_type_id: 1, id_number: '1' }, { token });
      expect(locked.status).toBe(403);
      expect(locked.body.status).toBe('forbidden');
    });

    it('changes the email of the customer and of the user, unique across both', async () => {
      const { token } = await registerCustomer(app);
      const other = await registerUser(app);
      const taken = await app.put('/customer/email', { email: other.user.email }, { token });
      expect(taken.status).toBe(422);
      expect(taken.body.errors).toEqual({ email: ['Email sudah digunakan.'] });

      const changed = await app.put('/customer/email', { email: 'Changed-Address@Example.com' }, { token });
      expect(changed.body.customer).toEqual({ email: 'changed-address@example.com' });
      expect((await app.get('/auth/me', { token })).body.email).toBe('changed-address@example.com');
      expect((await app.get('/customer', { token })).body.customer.email).toBe('changed-address@example.com');
      expect((await app.post('/auth/login', { identifier: 'changed-address@example.com', password: 'secret123' })).status).toBe(200);
    });

    it('refuses to change a verified identity, email or address (the demo customer has all three verified)', async () => {
      const token = await login(app);
      const email = await app.put('/customer/email', { email: 'fresh@example.com' }, { token });
      expect(email.status).toBe(403);
      expect(email.body.message).toBe('Email sudah diverifikasi. Silakan hubungi admin untuk perubahan.');
      const address = await app.put('/customer/address', { address: 'Jl. Lain 2' }, { token });
      expect(address.status).toBe(403);
      expect((await app.put('/customer/change-id-card', { id_type_id: 2, id_number: 'X1' }, { token })).status).toBe(403);
    });

    it('changes the address until it is verified', async () => {
      const { token } = await registerCustomer(app);
      expect((await app.put('/customer/address', { address: 'Jl. Baru No. 99' }, { token })).body.customer).toEqual({ address: 'Jl. Baru No. 99' });
      expect((await app.get('/customer', { token })).body.customer.address).toBe('Jl. Baru No. 99');
      expect((await app.put('/customer/address', { address: 'x'.repeat(256) }, { token })).status).toBe(422);
      await verify(app, token, 'address_verified_date');
      expect((await app.put('/customer/address', { address: 'Jl. Lagi' }, { token })).status).toBe(403);
    });

    it.each([['"08"', '08'], ['8', 8], ['"62"', '62'], ['62', 62]])('stores phonecode %s as 62', async (_, phonecode) => {
      const { token } = await registerCustomer(app);
      const response = await app.put('/customer/phone', { phonecode, phone: 8123456789 }, { token });
      expect(response.body.customer).toEqual({ phonecode: 62, phone: 8123456789 });
      expect((await app.get('/auth/me', { token })).body).toMatchObject({ phonecode: 62, phone: 8123456789 });
    });

    it('refuses a phone outside 8-15 digits', async () => {
      const { token } = await registerCustomer(app);
      expect((await app.put('/customer/phone', { phonecode: 62, phone: 1234567 }, { token })).status).toBe(422);
      expect((await app.put('/customer/phone', { phonecode: 62 }, { token })).body.errors).toEqual({ phone: ['The phone field is required.'] });
    });

    it.each(['/customer/change-id-card', '/customer/email', '/customer/address', '/customer/phone'])(
      'PUT %s answers 404 not_subscribed for a user without a customer record',
      async (path) => {
        const { token } = await registerUser(app);
        const body = { id_type_id: 1, id_number: '1', email: 'x@example.com', address: 'a', phonecode: 62, phone: 81234567 };
        const response = await app.put(path, body, { token });
        expect(response.status).toBe(404);
        expect(response.body.status).toBe('not_subscribed');
      },
    );
  });
});

/** An admin verifies a field (no API does: the admin tools write the date). */
async function verify(app: TestApp, token: string, field: 'id_card_verified_date' | 'address_verified_date' | 'email_verified_date') {
  const { no_services } = (await app.get('/customer', { token })).body.customer;
  await app.ctx.db.updateTable('customers').set({ [field]: '2026-01-01' }).where('no_services', '=', no_services).execute();
}
