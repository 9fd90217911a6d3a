// Data access for help types, solutions, tickets and their timeline.
import type { Insertable, Kysely, Selectable } from 'kysely';
import { prepared, preparedInsert } from '../db/prepared.js';
import { lookupId } from '../db/integers.js';
import type { Database } from '../db/schema.js';

export type TicketRow = Selectable<Database['tickets']>;
/** The statuses this server's tickets take (the contract's list is open: x-extensible-enum). */
export type TicketStatus = TicketRow['status'];

export function helpdeskRepository(db: Kysely<Database>) {
  const ticketsWithNames = () =>
    db.selectFrom('tickets')
      .innerJoin('help_types', 'help_types.id', 'tickets.help_type_id')
      .innerJoin('help_solutions', 'help_solutions.id', 'tickets.help_solution_id')
      .selectAll('tickets')
      .select(['help_types.name as help_type_name', 'help_solutions.name as help_solution_name']);

  // The statements of opening a ticket, compiled once: it is the API's most frequent write.
  const names = prepared(db, (typeId: number, solutionId: number) => db.selectNoFrom((eb) => [
    eb.selectFrom('help_types').select('name').where('id', '=', typeId).as('help_type'),
    eb.selectFrom('help_solutions').select('name').where('id', '=', solutionId).as('help_solution'),
  ]));
  const nextSequence = prepared(db, (date: string) => db.insertInto('ticket_sequences').values({ date_help: date, last: 1 })
    .onConflict((oc) => oc.column('date_help').doUpdateSet((eb) => ({ last: eb('ticket_sequences.last', '+', 1) })))
    .returning('last'));
  const insertTicket = preparedInsert(db, 'tickets',
    ['customer_id', 'help_type_id', 'help_solution_id', 'description', 'status', 'date_help', 'created_at', 'updated_at', 'no_ticket'], true);
  const insertEvent = preparedInsert(db, 'ticket_events', ['ticket_id', 'remark', 'status', 'actor', 'action', 'created_at']);
  return {
    /** The names of a help type and a help solution, by id (undefined for an unknown one), in one query. */
    async helpNames(typeId: number, solutionId: number): Promise<{ help_type: string | null; help_solution: string | null }> {
      return (await names(lookupId(typeId), lookupId(solutionId)))[0] ?? { help_type: null, help_solution: null };
    },
    helpTypes: () => db.selectFrom('help_types').select(['id', 'name']).orderBy('id').execute(),
    helpSolutions: () =>
      db.selectFrom('help_solutions').select(['id', 'name', 'solution', 'help_type_id as help_id']).orderBy('id').execute(),

    /** The customer's tickets created in `year` with one of the statuses, newest first. */
    list: (customerId: number, statuses: TicketStatus[], year: number) =>
      ticketsWithNames()
        .where('tickets.customer_id', '=', customerId)
        .where('tickets.status', 'in', statuses)
        .where('tickets.date_help', '>=', `${year}-01-01`)
        .where('tickets.date_help', '<=', `${year}-12-31`)
        .orderBy('tickets.id', 'desc')
        .execute(),

    /** One of the customer's tickets, by id or by number. */
    find: (customerId: number, selector: { id?: number; no_ticket?: string }) => {
      let query = ticketsWithNames().where('tickets.customer_id', '=', customerId);
      if (selector.id !== undefined) query = query.where('tickets.id', '=', lookupId(selector.id));
      if (selector.no_ticket !== undefined) query = query.where('tickets.no_ticket', '=', selector.no_ticket);
      return query.executeTakeFirst();
    },

    timeline: (ticketId: number) =>
      db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),

    /** The ticket, numbered with its day's next sequence number, and the first step of its
     * timeline, in one transaction. */
    async open(
      ticket: Omit<Insertable<Database['tickets']>, 'no_ticket'>,
      firstEvent: Omit<Insertable<Database['ticket_events']>, 'ticket_id'>,
      numberFor: (sequence: number) => string,
    ) {
      return db.transaction().execute(async (trx) => {
        const [{ last }] = (await nextSequence.in(trx)(ticket.date_help)) as [{ last: number }];
        const [row] = (await insertTicket.in(trx)({ ...ticket, no_ticket: numberFor(last) })) as [TicketRow];
        await insertEvent.in(trx)({ ...firstEvent, ticket_id: row.id });
        return row;
      });
    },

    /** Closes the ticket and records the closing step; false when it was already closed. */
    async close(ticketId: number, event: Omit<Insertable<Database['ticket_events']>, 'ticket_id'>): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const result = await trx.updateTable('tickets').set({ status: 'closed', updated_at: event.created_at })
          .where('id', '=', ticketId).where('status', '!=', 'closed').executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await trx.insertInto('ticket_events').values({ ...event, ticket_id: ticketId }).execute();
        return true;
      });
    },
  };
}

export type HelpdeskRepository = ReturnType<typeof helpdeskRepository>;
