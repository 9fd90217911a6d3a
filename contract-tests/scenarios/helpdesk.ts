// A helpdesk ticket from open to closed, with its timeline; and another account cannot see or
// close it, nor read the first account's line status (object-level authorization).
import { bodyOf } from '../session.js';
import { registerAccount } from '../world.js';
import { Flow, status, statusAnd, type Scenario } from './scenario.js';

export const helpdesk: Scenario = {
  name: 'helpdesk',
  skipReason: (session) => (session.world.customer && session.world.helpTypeId !== undefined ? undefined : 'needs a subscribed account: reference profile'),
  async run(flow) {
    const { world } = flow.session;
    const auth = Flow.bearer(world.customer!.token);
    const opened = await flow.step('open a ticket', 'POST /help', {
      headers: auth, body: { help_type: world.helpTypeId, help_solution: world.helpSolutionId, description: 'Internet putus (contract suite).' },
    }, statusAnd(201, 'a pending ticket', (b) => b.data.status === 'pending'));
    const ticket = bodyOf(opened)?.data;
    if (!ticket) return;
    await flow.step('it is listed', 'GET /help', { headers: auth }, statusAnd(200, `ticket ${ticket.no_ticket}`, (b) => b.data.some((t: { id: number }) => t.id === ticket.id), 'ensure_resource_availability'));
    await flow.step('its timeline has one step', 'GET /help/timeline', { headers: auth, query: { no_ticket: ticket.no_ticket } },
      statusAnd(200, 'one pending step', (b) => b.data.length === 1 && b.data[0].status === 'pending'));
    await flow.step('close it', 'POST /help/close', { headers: auth, body: { id: ticket.id, remark: 'Sudah normal.' } }, statusAnd(200, 'closed', (b) => b.timeline.status === 'closed'));
    await flow.step('it is listed as closed', 'GET /help', { headers: auth, query: { status: 'closed' } },
      statusAnd(200, `ticket ${ticket.no_ticket}`, (b) => b.data.some((t: { id: number }) => t.id === ticket.id)));
    await flow.step('its timeline ends closed', 'GET /help/timeline', { headers: auth, query: { id: ticket.id } },
      statusAnd(200, 'pending then closed', (b) => b.data.map((e: { status: string }) => e.status).join() === 'pending,closed'));
    await flow.step('closing twice is refused', 'POST /help/close', { headers: auth, body: { id: ticket.id, remark: 'Lagi.' } }, statusAnd(422, 'failed', (b) => b.status === 'failed'));
  },
};

export const objectAuthorization: Scenario = {
  name: 'object-level authorization',
  skipReason: (session) => (session.world.customer && session.world.ticket ? undefined : 'needs a subscribed account with a ticket: reference profile'),
  async run(flow) {
    const { world } = flow.session;
    const stranger = await registerAccount(flow.session, 'stranger');
    if (!stranger) return;
    const auth = Flow.bearer(stranger.token);
    const hidden = (what: string) => statusAnd(404, `${what} hidden`, (b) => b.status === 'not_found' || b.status === 'not_subscribed', 'object_level_authorization');
    await flow.step('another account cannot read the ticket', 'GET /help/timeline', { headers: auth, query: { id: world.ticket!.id } }, hidden('the ticket'));
    await flow.step('nor by its number', 'GET /help/timeline', { headers: auth, query: { no_ticket: world.ticket!.noTicket } }, hidden('the ticket'));
    await flow.step('nor close it', 'POST /help/close', { headers: auth, body: { id: world.ticket!.id, remark: 'Bukan punya saya.' } }, hidden('the ticket'));
    await flow.step('nor read its line status', 'GET /customer/network-status', { headers: auth, query: { no_services: world.customer!.noServices } },
      statusAnd(403, 'forbidden', (b) => b.status === 'forbidden', 'object_level_authorization'));
    await flow.step('without a customer record, no invoices', 'GET /invoice', { headers: auth }, status(404));
    await flow.step('nor field updates', 'PUT /customer/address', { headers: auth, body: { address: 'Jl. Lain' } }, status(404));
    await flow.step('the owner still reads it', 'GET /help/timeline', { headers: Flow.bearer(world.customer!.token), query: { id: world.ticket!.id } }, status(200));
  },
};
