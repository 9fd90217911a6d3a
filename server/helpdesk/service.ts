// Helpdesk tickets: a customer opens, follows and closes its own tickets, and only its own.
import type { components } from '../../generated/server-api.js';
import type { CurrentUser } from '../auth/current-user.js';
import type { CustomerService } from '../customers/service.js';
import { AppError } from '../errors.js';
import type { Operation, Query } from '../http/typed-routes.js';
import { jakartaDate, jakartaDateTime, type Clock } from '../shared/clock.js';
import type { HelpdeskRepository, TicketStatus } from './repository.js';

type Schemas = components['schemas'];
type ListQuery = Query<Operation<'/help', 'get'>>;
/** A ticket named by id or by number (GET /help/timeline; POST /help/close sends the same fields). */
type TicketSelector = Query<Operation<'/help/timeline', 'get'>>;

export const DEFAULT_STATUSES: TicketStatus[] = ['pending', 'process'];
const ALL_STATUSES: TicketStatus[] = ['pending', 'process', 'closed'];

const ticketNotFound = () => AppError.status(404, 'not_found', 'Tiket bantuan tidak ditemukan untuk pelanggan ini.');

/** `240101001`: the creation date as YYMMDD and the day's sequence. */
export function ticketNumber(dateHelp: string, sequence: number): string {
  return dateHelp.slice(2).replace(/-/g, '') + String(sequence).padStart(3, '0');
}

function requireSelector(selector: TicketSelector): void {
  if (selector.id === undefined && selector.no_ticket === undefined) {
    throw AppError.oneOfRequired(['id', 'no_ticket']);
  }
}

export function helpdeskService(tickets: HelpdeskRepository, customers: CustomerService, clock: Clock) {
  return {
    async options(): Promise<Omit<Schemas['HelpOptions'], 'status' | 'message'>> {
      return { help_types: await tickets.helpTypes(), help_solutions: await tickets.helpSolutions() };
    },

    async list(user: CurrentUser, filter: ListQuery) {
      const customer = await customers.own(user);
      const statuses = !filter.status ? DEFAULT_STATUSES
        : filter.status === 'all' ? ALL_STATUSES
        : (filter.status.split(',') as TicketStatus[]);
      const year = filter.year ?? Number(jakartaDate(clock.now()).slice(0, 4));
      const rows = await tickets.list(customer.id, statuses, year);
      return {
        customer: { name: customer.name, no_services: customer.no_services, email: customer.email },
        data: rows.map((t): Schemas['Ticket'] => ({
          id: t.id,
          no_ticket: t.no_ticket,
          no_services: customer.no_services,
          description: t.description,
          status: t.status,
          date_help: t.date_help,
          created_at: t.created_at,
          help_type: { name: t.help_type_name },
          help_solution: { name: t.help_solution_name },
        })),
      };
    },

    async open(user: CurrentUser, input: Schemas['CreateTicketRequest']): Promise<Schemas['TicketCreated']['data']> {
      const customer = await customers.own(user);
      const names = await tickets.helpNames(input.help_type, input.help_solution);
      if (names.help_type === null) throw AppError.invalidField('help_type', 'The selected help type is invalid.');
      if (names.help_solution === null) throw AppError.invalidField('help_solution', 'The selected help solution is invalid.');
      const now = clock.now();
      const at = jakartaDateTime(now);
      const dateHelp = jakartaDate(now);
      const ticket = await tickets.open(
        {
          customer_id: customer.id,
          help_type_id: input.help_type,
          help_solution_id: input.help_solution,
          description: input.description,
          status: 'pending',
          date_help: dateHelp,
          created_at: at,
          updated_at: at,
        },
        { remark: 'Tiket dibuat oleh pelanggan.', status: 'pending', actor: customer.name, action: null, created_at: at },
        (sequence) => ticketNumber(dateHelp, sequence),
      );
      return {
        id: ticket.id,
        no_ticket: ticket.no_ticket,
        help_type: { name: names.help_type },
        help_solution: { name: names.help_solution },
        description: ticket.description,
        status: ticket.status,
        date_help: ticket.date_help,
      };
    },

    async timeline(user: CurrentUser, selector: TicketSelector) {
      requireSelector(selector);
      const customer = await customers.own(user);
      const ticket = await tickets.find(customer.id, selector);
      if (!ticket) throw ticketNotFound();
      const events = await tickets.timeline(ticket.id);
      return {
        ticket: { id: ticket.id, no_ticket: ticket.no_ticket },
        data: events.map((e): Schemas['TimelineEntry'] => ({
          remark: e.remark,
          status: e.status,
          teknisi: e.actor,
          ...(e.action ? { action: e.action } : {}),
          updated_at: e.created_at,
        })),
      };
    },

    async close(user: CurrentUser, input: Schemas['CloseTicketRequest']) {
      requireSelector(input);
      const customer = await customers.own(user);
      const ticket = await tickets.find(customer.id, input);
      if (!ticket) throw ticketNotFound();
      const event = {
        remark: input.remark, status: 'closed' as const, actor: customer.name, action: 'by customer', created_at: jakartaDateTime(clock.now()),
      };
      if (!(await tickets.close(ticket.id, event))) throw AppError.status(422, 'failed', 'Tiket bantuan sudah ditutup.');
      return {
        ticket: { id: ticket.id, no_ticket: ticket.no_ticket },
        timeline: { remark: event.remark, status: event.status, teknisi: event.actor, action: event.action, updated_at: event.created_at },
      };
    },
  };
}

export type HelpdeskService = ReturnType<typeof helpdeskService>;
