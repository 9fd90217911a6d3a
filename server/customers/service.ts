// Customers: one per user, created by subscribing to a package; its fields can be changed by the
// customer until an admin has verified them.
import { randomInt, randomUUID } from 'node:crypto';
import type { components } from '../../generated/server-api.js';
import type { CurrentUser } from '../auth/current-user.js';
import type { CatalogService } from '../catalog/service.js';
import { AppError } from '../errors.js';
import { jakartaDate, jakartaDateTime, type Clock } from '../shared/clock.js';
import type { CustomerRepository, CustomerRow } from './repository.js';

type Schemas = components['schemas'];

const forbidden = (message: string) => AppError.status(403, 'forbidden', message);

/** `"08"` or `8` (the local mobile prefix typed as a calling code) becomes Indonesia's 62. */
export function normalizePhoneCode(value: number | string): number {
  const code = Number(value);
  return code === 8 ? 62 : code;
}

export function customerService(customers: CustomerRepository, catalog: CatalogService, clock: Clock) {
  async function own(user: CurrentUser): Promise<CustomerRow> {
    const customer = await customers.findByUserId(user.id);
    if (!customer) throw AppError.notSubscribed();
    return customer;
  }

  return {
    own,

    /** The user id of the customer with the number, undefined when there is none. */
    userIdOf: async (noServices: string): Promise<number | undefined> => (await customers.findByNoServices(noServices))?.user_id,

    async detail(user: CurrentUser): Promise<Schemas['Customer']> {
      const c = await customers.detailOfUser(user.id);
      if (!c) throw AppError.notSubscribed();
      return {
        uid: c.uid, name: c.name, email: c.email, phone: c.phone, no_services: c.no_services, address: c.address,
        address_verified_date: c.address_verified_date, register_date: c.register_date, activation_date: c.activation_date,
        email_verified_date: c.email_verified_date, id_card_verified_date: c.id_card_verified_date,
        id_type_id: c.id_type_id, id_type: c.id_type, id_number: c.id_number, status: c.status,
        service: { qty: c.qty, price: c.price, total: c.total, package: { name: c.package_name, description: c.package_description } },
      };
    },

    async subscribe(user: CurrentUser, input: Schemas['SubscribeRequest']): Promise<CustomerRow> {
      const existing = await customers.findByUserId(user.id);
      const alreadySubscribed = (noServices: string) =>
        new AppError(409, { status: 'already_subscribed', message: 'Pengguna sudah terdaftar sebagai pelanggan.', no_services: noServices });
      if (existing) throw alreadySubscribed(existing.no_services);
      await catalog.requireActiveCompany(input.company_id);
      await catalog.idTypeName(input.id_type_id);
      const offered = await catalog.offeredPackage(input.company_id, input.package_id);
      if (!offered) throw AppError.status(404, 'not_found', 'Paket layanan tidak ditemukan.');

      const now = clock.now();
      for (let attempt = 0; ; attempt++) {
        const created = await customers.createWithService(
          {
            uid: `cst-${randomUUID().slice(0, 12)}`,
            user_id: user.id,
            company_id: input.company_id,
            no_services: `17${String(randomInt(0, 100_000_000)).padStart(8, '0')}`,
            name: user.name,
            email: user.email,
            phone: user.phone,
            address: user.address,
            address_verified_date: null,
            register_date: jakartaDate(now),
            activation_date: null,
            email_verified_date: null,
            id_card_verified_date: null,
            id_type_id: input.id_type_id,
            id_number: input.id_number,
            status: 'pending',
            latitude: input.latitude ?? null,
            longitude: input.longitude ?? null,
            created_at: jakartaDateTime(now),
            updated_at: jakartaDateTime(now),
          },
          { package_id: offered.id, qty: 1, price: offered.price, total: offered.price, is_active: 1, created_at: jakartaDateTime(now) },
        );
        if (created) return created;
        // The user subscribed in a concurrent request, or the random no_services was taken: retry that.
        const raced = await customers.findByUserId(user.id);
        if (raced) throw alreadySubscribed(raced.no_services);
        if (attempt >= 5) throw new Error('subscribe: a unique key of the new customer was taken on every attempt');
      }
    },

    async changeIdCard(user: CurrentUser, input: Schemas['ChangeIdCardRequest']): Promise<Schemas['IdCardUpdated']['customer']> {
      const customer = await own(user);
      if (customer.id_card_verified_date) {
        throw forbidden('Data identitas sudah diverifikasi. Silakan hubungi admin untuk perubahan.');
      }
      const name = await catalog.idTypeName(input.id_type_id);
      await customers.update(customer.id, {
        id_type_id: input.id_type_id, id_number: input.id_number, updated_at: jakartaDateTime(clock.now()),
      });
      return { id_type_id: input.id_type_id, id_type: name, id_number: input.id_number };
    },

    async changeEmail(user: CurrentUser, input: Schemas['ChangeEmailRequest']): Promise<string> {
      const customer = await own(user);
      if (customer.email_verified_date) throw forbidden('Email sudah diverifikasi. Silakan hubungi admin untuk perubahan.');
      const email = input.email.toLowerCase();
      if (await customers.emailTakenByOthers(email, user.id)) throw AppError.invalidField('email', 'Email sudah digunakan.');
      if (!(await customers.updateEmail(customer, email, jakartaDateTime(clock.now())))) {
        throw AppError.invalidField('email', 'Email sudah digunakan.');
      }
      return email;
    },

    async changeAddress(user: CurrentUser, input: Schemas['ChangeAddressRequest']): Promise<string> {
      const customer = await own(user);
      if (customer.address_verified_date) throw forbidden('Alamat sudah diverifikasi. Silakan hubungi admin untuk perubahan.');
      await customers.update(customer.id, { address: input.address, updated_at: jakartaDateTime(clock.now()) });
      return input.address;
    },

    async changePhone(user: CurrentUser, input: Schemas['ChangePhoneRequest']): Promise<Schemas['PhoneUpdated']['customer']> {
      const customer = await own(user);
      const phonecode = normalizePhoneCode(input.phonecode);
      await customers.updatePhone(customer, phonecode, input.phone, jakartaDateTime(clock.now()));
      return { phonecode, phone: input.phone };
    },
  };
}

export type CustomerService = ReturnType<typeof customerService>;
