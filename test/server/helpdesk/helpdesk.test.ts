// Helpdesk tickets: options, open, list with filters, timeline, close; only one's own tickets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, registerCustomer, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

const TICKET = { help_type: 1, help_solution: 1, description: 'Internet sering putus-putus.' };

describe.each(await databaseKinds())('helpdesk on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(kind);
  });
  afterAll(() => app?.close());

  it('lists the help types and solutions', async () => {
    const response = await app.get('/help/options', { token: await login(app) });
    expect(response.body.help_types[0]).toEqual({ id: 1, name: 'Gangguan koneksi' });
    expect(response.body.help_solutions[0]).toEqual({ id: 1, name: 'Restart modem', solution: 'Silakan matikan lalu nyalakan router.', help_id: 1 });
  });

  it('opens a ticket numbered YYMMDD + the day\'s sequence, with its first timeline step', async () => {
    const { token, user } = await registerCustomer(app);
    const response = await app.post('/help', TICKET, { token });
    expect(response.status).toBe(201);
    const today = app.clock.now();
    const jakarta = new Date(today.getTime() + 7 * 3600_000).toISOString();
    expect(response.body.data.no_ticket).toMatch(new RegExp(`^${jakarta.slice(2, 4)}${jakarta.slice(5, 7)}${jakarta.slice(8, 10)}\\d{3}$`));
    expect(response.body.data).toMatchObject({ status: 'pending', date_help: jakarta.slice(0, 10), help_type: { name: 'Gangguan koneksi' } });
    const timeline = await app.get(`/help/timeline?no_ticket=${response.body.data.no_ticket}`, { token });
    expect(timeline.body.data).toEqual([
      { remark: 'Tiket dibuat oleh pelanggan.', status: 'pending', teknisi: user.name, updated_at: expect.any(String) },
    ]);
  });

  it('gives tickets opened at the same moment distinct numbers', async () => {
    const { token } = await registerCustomer(app);
    const responses = await Promise.all(Array.from({ length: 8 }, () => app.post('/help', TICKET, { token })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.body.data.no_ticket)).size).toBe(8);
  });

  it('lists pending and process tickets of the current year by default; status and year filter', async () => {
    const { token } = await registerCustomer(app);
    const first = (await app.post('/help', TICKET, { token })).body.data;
    const second = (await app.post('/help', TICKET, { token })).body.data;
    await app.post('/help/close', { id: second.id, remark: 'Sudah normal.' }, { token });
    const ids = async (query: string) => (await app.get(`/help${query}`, { token })).body.data.map((t: { id: number }) => t.id);
    expect(await ids('')).toEqual([first.id]);
    expect(await ids('?status=closed')).toEqual([second.id]);
    expect(await ids('?status=all')).toEqual([second.id, first.id]);
    expect(await ids('?status=pending,closed')).toEqual([second.id, first.id]);
    expect(await ids('?status=all&year=2020')).toEqual([]);
    const invalid = await app.get('/help?status=open', { token });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.status).toEqual(['The status format is invalid.']);
  });

  it('closes a ticket once, with the remark as its closing step', async () => {
    const { token, user } = await registerCustomer(app);
    const ticket = (await app.post('/help', TICKET, { token })).body.data;
    const closed = await app.post('/help/close', { no_ticket: ticket.no_ticket, remark: 'Tiket ditutup oleh pelanggan.' }, { token });
    expect(closed.body.timeline).toMatchObject({ remark: 'Tiket ditutup oleh pelanggan.', status: 'closed', teknisi: user.name, action: 'by customer' });
    const again = await app.post('/help/close', { id: ticket.id, remark: 'Lagi.' }, { token });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({ status: 'failed', message: 'Tiket bantuan sudah ditutup.' });
    const timeline = (await app.get(`/help/timeline?id=${ticket.id}`, { token })).body.data;
    expect(timeline.map((e: { status: string }) => e.status)).toEqual(['pending', 'closed']);
  });

  it('never shows or closes another customer\'s ticket', async () => {
    const owner = await registerCustomer(app);
    const stranger = await registerCustomer(app);
    const ticket = (await app.post('/help', TICKET, { token: owner.token })).body.data;
    for (const query of [`?id=${ticket.id}`, `?no_ticket=${ticket.no_ticket}`]) {
      const response = await app.get(`/help/timeline${query}`, { token: stranger.token });
      expect(response.status).toBe(404);
      expect(response.body.status).toBe('not_found');
    }
    for (const selector of [{ id: ticket.id }, { no_ticket: ticket.no_ticket }]) {
      const response = await app.post('/help/close', { ...selector, remark: 'x' }, { token: stranger.token });
      expect(response.status).toBe(404);
      expect(response.body.status).toBe('not_found');
    }
    expect((await app.get('/help?status=all', { token: stranger.token })).body.data).toEqual([]);
    // The stranger's close changed nothing: the owner still sees the ticket pending, with only its first step.
    expect((await app.get('/help?status=all', { token: owner.token })).body.data).toEqual([expect.objectContaining({ id: ticket.id, status: 'pending' })]);
    const timeline = await app.get(`/help/timeline?id=${ticket.id}`, { token: owner.token });
    expect(timeline.body.data.map((e: { status: string }) => e.status)).toEqual(['pending']);
  });

  it('requires id or no_ticket', async () => {
    const { token } = await registerCustomer(app);
    const timeline = await app.get('/help/timeline', { token });
    expect(timeline.status).toBe(422);
    expect(timeline.body.errors).toEqual({ id: ['Parameter id atau no_ticket wajib diisi salah satu.'] });
    const close = await app.post('/help/close', { remark: 'x' }, { token });
    expect(close.status).toBe(422);
    expect(close.body.errors).toEqual({ id: ['Parameter id atau no_ticket wajib diisi salah satu.'] });
    // With another field wrong as well, each field keeps its own message.
    expect((await app.post('/help/close', {}, { token })).body.errors).toEqual({
      id: ['Parameter id atau no_ticket wajib diisi salah satu.'], remark: ['The remark field is required.'],
    });
  });

  it('answers 422 for an unknown help type or solution', async () => {
    const { token } = await registerCustomer(app);
    expect((await app.post('/help', { ...TICKET, help_type: 99 }, { token })).body.errors).toEqual({ help_type: ['The selected help type is invalid.'] });
    expect((await app.post('/help', { ...TICKET, help_solution: 99 }, { token })).body.errors).toEqual({ help_solution: ['The selected help solution is invalid.'] });
  });

  it.each([
    ['GET', '/help'], ['POST', '/help'], ['GET', '/help/timeline?id=1'], ['POST', '/help/close'],
  ])('%s %s answers 404 not_subscribed for a user without a customer record', async (method, path) => {
    const { token } = await registerUser(app);
    const response = await app.request(method, path, method === 'POST' ? { ...TICKET, id: 1, remark: 'x' } : undefined, { token });
    expect(response.status).toBe(404);
    expect(response.body.status).toBe('not_subscribed');
  });
});
