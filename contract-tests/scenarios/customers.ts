// Subscribing to a package found through region and package, then each field update; and the lock
// of the fields an admin verified, on the configured customer (asked to keep its current values,
// so that even a wrongly accepted update changes nothing).
import { bodyOf } from '../session.js';
import { writesFreely } from '../profiles.js';
import { registerAccount } from '../world.js';
import { Flow, status, statusAnd, type Scenario } from './scenario.js';

export const subscribe: Scenario = {
  name: 'subscribe and update',
  skipReason: (session) => (writesFreely(session.config.profile) ? undefined : 'it writes customer records: reference and staging profiles only'),
  async run(flow) {
    const account = await registerAccount(flow.session, 'subscriber');
    if (!account) return;
    const auth = Flow.bearer(account.token);
    const notSubscribed = statusAnd(404, 'not_subscribed', (b) => b.status === 'not_subscribed');
    await flow.step('no customer record yet', 'GET /customer', { headers: auth }, notSubscribed);
    await flow.step('so no invoices', 'GET /invoice', { headers: auth }, notSubscribed);
    await flow.step('no tickets', 'GET /help', { headers: auth }, notSubscribed);
    await flow.step('no new ticket', 'POST /help', { headers: auth, body: { help_type: 1, help_solution: 1, description: 'x' } }, notSubscribed);
    await flow.step('no identity change', 'PUT /customer/change-id-card', { headers: auth, body: { id_type_id: 1, id_number: '1' } }, notSubscribed);
    await flow.step('no email change', 'PUT /customer/email', { headers: auth, body: { email: account.email } }, notSubscribed);
    await flow.step('no address change', 'PUT /customer/address', { headers: auth, body: { address: 'Jl. Belum' } }, notSubscribed);
    await flow.step('no phone change', 'PUT /customer/phone', { headers: auth, body: { phonecode: 62, phone: 81234567890 } }, notSubscribed);
    const region = bodyOf(await flow.step('find a region', 'GET /region', {}, status(200)))?.data?.[0];
    const pkg = region && bodyOf(await flow.step('find its packages', 'GET /package', { query: { company_id: region.id } }, status(200)))?.data?.[0];
    const idType = bodyOf(await flow.step('identity types', 'GET /customer/id-types', { headers: auth }, status(200)))?.id_types?.[0];
    if (!pkg || !idType) return;
    const subscription = { company_id: region.id, id_type_id: idType.id, id_number: '3201010101010077' };
    await flow.step('an unknown package is refused', 'POST /customer', { headers: auth, body: { ...subscription, package_id: 2_000_000_000 } },
      statusAnd(404, 'not_found', (b) => b.status === 'not_found'));
    const created = await flow.step('subscribe', 'POST /customer', { headers: auth, body: { ...subscription, package_id: pkg.id } }, status(201));
    const noServices = bodyOf(created)?.customer?.no_services;
    if (!noServices) return;
    await flow.step('the customer exists', 'GET /customer', { headers: auth },
      statusAnd(200, `no_services ${noServices} and package ${pkg.name}`, (b) => b.customer.no_services === noServices && b.customer.service.package.name === pkg.name, 'ensure_resource_availability'));
    await flow.step('a second subscription is refused', 'POST /customer', { headers: auth, body: { ...subscription, package_id: pkg.id } },
      statusAnd(409, `already_subscribed with ${noServices}`, (b) => b.status === 'already_subscribed' && b.no_services === noServices));
    await flow.step('log in with the customer number', 'POST /auth/login', { body: { identifier: noServices, password: account.password } }, status(200));

    await flow.step('change the identity document', 'PUT /customer/change-id-card', { headers: auth, body: { id_type_id: idType.id, id_number: 'B7654321' } },
      statusAnd(200, 'the new number', (b) => b.customer.id_number === 'B7654321'));
    const email = account.email.replace('@', '.changed@');
    await flow.step('change the email', 'PUT /customer/email', { headers: auth, body: { email } }, statusAnd(200, 'the new email', (b) => b.customer.email === email));
    await flow.step('the user has the new email', 'GET /auth/me', { headers: auth }, statusAnd(200, email, (b) => b.email === email, 'ensure_resource_availability'));
    await flow.step('change the address', 'PUT /customer/address', { headers: auth, body: { address: 'Jl. Kontrak No. 1' } },
      statusAnd(200, 'the new address', (b) => b.customer.address === 'Jl. Kontrak No. 1'));
    await flow.step('change the phone, 08 becomes 62', 'PUT /customer/phone', { headers: auth, body: { phonecode: '08', phone: 81298765432 } },
      statusAnd(200, 'phonecode 62', (b) => b.customer.phonecode === 62));
    await flow.step('invoices of a new customer', 'GET /invoice', { headers: auth, query: { status: 'all' } }, status(200));
  },
};

export const verifiedFields: Scenario = {
  name: 'verified fields',
  skipReason: (session) => {
    const customer = session.config.customer;
    if (!customer?.identifier || !customer.password) return 'configure customer.identifier and customer.password (a customer whose fields an admin verified)';
    return session.config.profile === 'mock' ? 'a stateless mock has no verified customer' : undefined;
  },
  async run(flow) {
    const customer = flow.session.config.customer!;
    const login = await flow.step('log in as the configured customer', 'POST /auth/login', { body: { identifier: customer.identifier, password: customer.password } }, status(200));
    const token = bodyOf(login)?.token;
    if (!token) return;
    const auth = Flow.bearer(token);
    const current = bodyOf(await flow.step('read the customer', 'GET /customer', { headers: auth }, status(200)))?.customer;
    if (!current) return;
    const locked = (field: string) => statusAnd(403, `forbidden: ${field} is verified`, (b) => b.status === 'forbidden', 'verified_field_lock');
    if (current.id_card_verified_date) {
      await flow.step('the verified identity is locked', 'PUT /customer/change-id-card', { headers: auth, body: { id_type_id: current.id_type_id, id_number: current.id_number } }, locked('id card'));
    }
    if (current.email_verified_date) {
      await flow.step('the verified email is locked', 'PUT /customer/email', { headers: auth, body: { email: current.email } }, locked('email'));
    }
    if (current.address_verified_date && current.address) {
      await flow.step('the verified address is locked', 'PUT /customer/address', { headers: auth, body: { address: current.address } }, locked('address'));
    }
  },
};
