// Provisioning: the accounts and records the suite exercises the target with, made through the
// public API (fresh, random accounts), and valid base requests built from them.
import type { ApiRequest } from './http.js';
import { parametersOf } from '../lib/spec/examples.js';
import { exampleRequests } from './generators/examples.js';
import { writesFreely } from './profiles.js';
import { bodyOf, Session, statusOf, type RequestParts, type World } from './session.js';

const PHASE = 'provision';
const PASSWORD = 'contract-pass-1';

export async function registerAccount(session: Session, label: string) {
  const email = Session.freshEmail(label);
  const exchange = await session.call(PHASE, `register ${label}`, 'POST /auth/register', {
    body: { name: `Contract ${label}`, email, password: PASSWORD, password_confirmation: PASSWORD, phone: 81200000000 + Math.floor(Math.random() * 1e8), phonecode: 62 },
  });
  return statusOf(exchange) === 201 ? { token: bodyOf(exchange).token as string, email, password: PASSWORD } : undefined;
}

/** A fresh account subscribed to the world's package: a customer of its own (profiles that write). */
export async function registerCustomer(session: Session, label: string) {
  const { world } = session;
  const account = await registerAccount(session, label);
  if (!account || world.packageId === undefined || world.idTypeId === undefined) return undefined;
  const subscribed = await session.call(PHASE, `subscribe ${label}`, 'POST /customer', {
    headers: { Authorization: `Bearer ${account.token}` },
    body: { package_id: world.packageId, company_id: world.companyId, id_type_id: world.idTypeId, id_number: '3201010101010099' },
  });
  return statusOf(subscribed) === 201 ? { ...account, noServices: bodyOf(subscribed).customer.no_services as string } : undefined;
}

/** Finds a region, a package, the id types and help options; makes a customer and a newcomer. */
export async function provision(session: Session): Promise<void> {
  const world = session.world;
  const regions = bodyOf(await session.call(PHASE, 'regions', 'GET /region', {}));
  world.companyId = regions?.data?.[0]?.id;
  if (world.companyId !== undefined) {
    const packages = bodyOf(await session.call(PHASE, 'packages', 'GET /package', { query: { company_id: world.companyId } }));
    world.packageId = packages?.data?.[0]?.id;
  }
  if (session.config.profile === 'mock') return;

  const newcomer = await registerAccount(session, 'newcomer');
  if (!newcomer) return;
  world.newcomer = newcomer;
  const auth = { Authorization: `Bearer ${newcomer.token}` };
  world.idTypeId = bodyOf(await session.call(PHASE, 'id types', 'GET /customer/id-types', { headers: auth }))?.id_types?.[0]?.id;
  const options = bodyOf(await session.call(PHASE, 'help options', 'GET /help/options', { headers: auth }));
  world.helpTypeId = options?.help_types?.[0]?.id;
  world.helpSolutionId = options?.help_solutions?.find((s: { help_id: number }) => s.help_id === world.helpTypeId)?.id ?? options?.help_solutions?.[0]?.id;
  if (!writesFreely(session.config.profile)) return;

  // The reference and staging profiles may write: a subscribed customer with a ticket.
  world.customer = await registerCustomer(session, 'customer');
  if (!world.customer) return;
  if (world.helpTypeId !== undefined && world.helpSolutionId !== undefined) {
    const ticket = await session.call(PHASE, 'ticket', 'POST /help', {
      headers: { Authorization: `Bearer ${world.customer.token}` },
      body: { help_type: world.helpTypeId, help_solution: world.helpSolutionId, description: 'Contract suite ticket.' },
    });
    if (statusOf(ticket) === 201) world.ticket = { id: bodyOf(ticket).data.id, noTicket: bodyOf(ticket).data.no_ticket };
  }
  const noServices = session.config.customer?.noServices;
  if (noServices && session.config.apiKey) {
    const unpaid = bodyOf(await session.call(PHASE, 'unpaid invoices', 'GET /billing/unpaid', {
      headers: { 'X-MYWIFI-KEY': session.config.apiKey }, query: { no_services: noServices },
    }));
    world.invoice = unpaid?.data?.[0]?.invoice;
  }
}

/** The value the world offers for a field of a request, if it has one. */
function worldValue(world: World, field: string, key: string, config: Session['config']): unknown {
  const billing = key.includes('/billing/') || key.includes('/notification/test-push') || key.includes('/notification/push');
  switch (field) {
    case 'no_services': return billing ? config.customer?.noServices : world.customer?.noServices;
    case 'company_id': return world.companyId;
    case 'package_id': return world.packageId;
    case 'id_type_id': return world.idTypeId;
    case 'help_type': return world.helpTypeId;
    case 'help_solution': return world.helpSolutionId;
    case 'id': return world.ticket?.id;
    case 'no_ticket': return world.ticket?.noTicket;
    // Only reads name a real invoice: a base request must never pay one.
    case 'invoice': return key.startsWith('GET') && world.invoice !== undefined ? String(world.invoice) : undefined;
    case 'email':
      if (key === 'POST /auth/register' || key === 'PUT /customer/email') return Session.freshEmail('field');
      return billing ? undefined : world.customer?.email;
    case 'identifier': return world.customer?.email;
    case 'password': return key === 'POST /auth/login' ? world.customer?.password : undefined;
    case 'current_password': return world.customer?.password;
    default: return undefined;
  }
}

function substitute(values: Record<string, unknown> | undefined, key: string, session: Session): Record<string, unknown> | undefined {
  if (!values) return values;
  const out: Record<string, unknown> = { ...values };
  for (const field of Object.keys(out)) {
    const value = worldValue(session.world, field, key, session.config);
    if (value !== undefined) out[field] = value;
  }
  if (key === 'GET /help/timeline') delete out.no_ticket; // one selector is enough
  return out;
}

// Operations that end or change the session of the account that calls them: their requests use a
// throwaway account of their own, so that the shared customer keeps working.
const SESSION_CHANGING = new Set(['POST /auth/logout', 'POST /auth/refresh', 'POST /auth/change-password']);

/** The token a request to `key` should carry: for a session-changing operation, a fresh login of
 * the operation's throwaway account (registered on first use: one registration per operation, not
 * per request, which rate-limited registration would not allow). */
export async function tokenFor(session: Session, key: string): Promise<string | undefined> {
  if (!SESSION_CHANGING.has(key) || session.config.profile === 'mock') return session.world.customer?.token;
  const accounts = session.world.sessionAccounts;
  const account = accounts.get(key);
  if (!account) {
    const registered = await registerAccount(session, 'session');
    if (registered) accounts.set(key, { email: registered.email, password: registered.password });
    return registered?.token;
  }
  const login = await session.call(PHASE, 'log in a session account', 'POST /auth/login', { body: { identifier: account.email, password: account.password } });
  return bodyOf(login)?.token;
}

/** After a password change of a session account, its next login uses the new password. */
export function followPasswordChange(session: Session, key: string, request: RequestParts, status: number | undefined): void {
  const account = session.world.sessionAccounts.get(key);
  const body = request.body as { current_password?: unknown; password?: unknown } | undefined;
  if (key === 'POST /auth/change-password' && status === 200 && account && body?.current_password === account.password && typeof body.password === 'string') {
    account.password = body.password;
  }
}

/** A valid request for the operation with the world's values, credentials included. */
export function baseRequest(session: Session, key: string, token?: string): RequestParts {
  const op = session.operation(key);
  const [first] = exampleRequests(session.contract, op);
  const request = first!.request;
  // Optional parameters the world has a value for are sent too (billing/detail's no_services).
  const declared = parametersOf(session.contract.spec, op).filter((p) => p.in === 'query').map((p) => String(p.name));
  const withWorld = { ...request.query, ...Object.fromEntries(declared
    .map((name) => [name, worldValue(session.world, name, key, session.config)])
    .filter(([, value]) => value !== undefined)) };
  const query = substitute(withWorld, key, session) as ApiRequest['query'];
  const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body)
    ? substitute(request.body as Record<string, unknown>, key, session) : request.body;
  if (key === 'GET /help/timeline' && session.world.ticket) return session.authorize(op, { ...request, query: { id: session.world.ticket.id } }, token);
  if (key === 'POST /auth/change-password' && body && typeof body === 'object') {
    (body as Record<string, unknown>).current_password = session.world.sessionAccounts.get(key)?.password ?? PASSWORD;
  }
  return session.authorize(op, { ...request, ...(query && Object.keys(query).length > 0 ? { query } : {}), ...(body !== undefined ? { body } : {}) }, token);
}
