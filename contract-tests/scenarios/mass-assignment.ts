// Mass assignment: fields the server owns, sent by a client in a body, are ignored. Which fields
// those are comes from the spec: the properties of the resource as it is read back (GET /auth/me,
// GET /customer) that the request's schema does not have, or that are marked readOnly. Each is sent
// with a value that differs from what the server would put there, and the resource is read back:
// none may carry the sent value. Register (every profile: throwaway accounts); subscribe and an
// address update (reference and staging profiles: they write customer records).
import { randomUUID } from 'node:crypto';
import { expectation } from '../checks/expectations.js';
import type { ContractModel } from '../contract.js';
import { bodyOf, Session } from '../session.js';
import { bodySchemaOf } from '../generators/examples.js';
import { writesFreely } from '../profiles.js';
import { Flow, status, type Scenario } from './scenario.js';

type Schema = Record<string, any>;

const resolved = (contract: ContractModel, schema: Schema | undefined): Schema => (schema?.$ref ? contract.resolve(String(schema.$ref)) : schema ?? {});

/** Top-level properties of a schema, through allOf. */
function propertiesOf(contract: ContractModel, schema: Schema | undefined): Record<string, Schema> {
  const own = resolved(contract, schema);
  return Object.assign({}, ...((own.allOf ?? []) as Schema[]).map((part) => propertiesOf(contract, part)), own.properties ?? {});
}

/** The properties of `resource` a client may not set through `request`, with their schemas. */
export function serverOwnedFields(contract: ContractModel, request: Schema | undefined, resource: Schema | undefined): [string, Schema][] {
  const settable = propertiesOf(contract, request);
  return Object.entries(propertiesOf(contract, resource))
    .map(([name, schema]) => [name, resolved(contract, schema)] as [string, Schema])
    .filter(([name, schema]) => !(name in settable) || schema.readOnly === true);
}

/** A value valid for the schema that differs from `current` (what the server put there), or undefined for objects and lists. */
function differentValue(schema: Schema, current: unknown): unknown {
  const types = new Set([schema.type].flat().filter(Boolean).concat(((schema.anyOf ?? schema.oneOf ?? []) as Schema[]).map((s) => s.type)));
  if (Array.isArray(schema.enum)) return schema.enum.find((v: unknown) => v !== current && v !== null);
  if (schema.const !== undefined) return undefined; // one value only: nothing to assign
  if (types.has('boolean')) return current !== true;
  if (types.has('integer') || types.has('number')) return typeof current === 'number' ? current + 7 : 7;
  if (types.has('string')) {
    if (schema.format === 'uuid') return randomUUID();
    if (schema.format === 'date') return '2001-02-03';
    if (schema.format === 'date-time') return '2001-02-03T04:05:06Z';
    return `assigned-${randomUUID().slice(0, 8)}`;
  }
  return undefined;
}

/** The server-owned fields with values that differ from the control's. */
function attackValues(fields: [string, Schema][], control: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(fields.map(([name, schema]) => [name, differentValue(schema, control[name])]).filter(([, value]) => value !== undefined));
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The read-back resource carries none of the sent server-owned values. */
const ignored = (sent: Record<string, unknown>, at: (body: any) => Record<string, unknown> | undefined) =>
  expectation('mass_assignment', `none of ${Object.keys(sent).join(', ')} as sent`, (statusCode, body) => {
    const resource = statusCode === 200 ? at(body) : undefined;
    return resource !== undefined && Object.entries(sent).every(([name, value]) => !sameValue(resource[name], value));
  });

const responseSchema = (session: Session, key: string, statusCode: string) => {
  const pointer = session.operation(key).responses.get(statusCode)?.schemaPointer;
  return pointer ? session.contract.resolve(pointer) : undefined;
};

export const massAssignment: Scenario = {
  name: 'mass assignment',
  skipReason: (session) => (session.world.newcomer ? undefined : 'no account could be registered on the target'),
  async run(flow) {
    const { session } = flow;
    const { contract, world } = session;
    // Register: the user as GET /auth/me reads it, against the register body.
    const me = responseSchema(session, 'GET /auth/me', '200');
    const userFields = serverOwnedFields(contract, bodySchemaOf(session.operation('POST /auth/register')), me);
    const control = bodyOf(await flow.step('read a plain account', 'GET /auth/me', { headers: Flow.bearer(world.newcomer!.token) }, status(200))) ?? {};
    const sent = attackValues(userFields, control);
    const email = Session.freshEmail('mass');
    const registered = await flow.step('register with server-owned fields', 'POST /auth/register', {
      body: { ...sent, name: 'Contract Mass', email, password: 'mass-pass-1', password_confirmation: 'mass-pass-1', phone: 81200000002, phonecode: 62 },
    });
    const token = bodyOf(registered)?.token as string | undefined;
    if (token) await flow.step('read it back', 'GET /auth/me', { headers: Flow.bearer(token) }, ignored(sent, (b) => b));
    if (!writesFreely(session.config.profile) || !token || !world.customer) return;

    // Subscribe and update: the customer as GET /customer reads it.
    const customerSchema = propertiesOf(contract, responseSchema(session, 'GET /customer', '200')).customer;
    const customerFields = (key: string) => serverOwnedFields(contract, bodySchemaOf(session.operation(key)), customerSchema);
    const reference = bodyOf(await flow.step('read a plain customer', 'GET /customer', { headers: Flow.bearer(world.customer.token) }, status(200)))?.customer ?? {};
    const subscribeSent = attackValues(customerFields('POST /customer'), reference);
    const auth = Flow.bearer(token);
    const subscribed = await flow.step('subscribe with server-owned fields', 'POST /customer', {
      headers: auth, body: { ...subscribeSent, package_id: world.packageId, company_id: world.companyId, id_type_id: world.idTypeId, id_number: '3201010101010055' },
    });
    if (subscribed.response?.status !== 201) return;
    const before = bodyOf(await flow.step('read the new customer back', 'GET /customer', { headers: auth }, ignored(subscribeSent, (b) => b.customer)))?.customer ?? {};
    const updateSent = attackValues(customerFields('PUT /customer/address'), before);
    await flow.step('update the address with server-owned fields', 'PUT /customer/address', { headers: auth, body: { ...updateSent, address: 'Jl. Massal 1' } });
    await flow.step('read it back after the update', 'GET /customer', { headers: auth }, ignored(updateSent, (b) => b.customer));
  },
};
