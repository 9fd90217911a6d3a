// Regions, packages and identity document types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

describe.each(await databaseKinds())('catalogue on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(kind);
  });
  afterAll(() => app?.close());

  it('lists the active regions, without a token', async () => {
    const response = await app.get('/region');
    expect(response.status).toBe(200);
    expect(response.body.data.map((r: { name: string }) => r.name)).toEqual(['Region Jakarta', 'Region Bandung', 'Region Surabaya']);
  });

  it('lists only the active, public packages of the company, with their category', async () => {
    const response = await app.get('/package?company_id=1');
    expect(response.status).toBe(200);
    const names = response.body.data.map((p: { name: string }) => p.name);
    expect(names).toEqual(['Home 20 Mbps', 'Home 50 Mbps', 'Home 100 Mbps']);
    expect(response.body.data[1]).toMatchObject({ price: 300000, public: 1, is_active: 1, company_id: 1, category: { name: 'Internet' } });
  });

  it.each([
    ['missing', '', 'The company id field is required.'],
    ['not an integer', '?company_id=abc', 'The company id must be an integer.'],
    ['below 1', '?company_id=0', 'The company id must be at least 1.'],
    ['unknown', '?company_id=999', 'The selected company id is invalid.'],
  ])('answers 422 when company_id is %s', async (_, query, message) => {
    const response = await app.get(`/package${query}`);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual({ company_id: [message] });
  });

  it('lists the identity document types for a logged-in user', async () => {
    const token = await login(app);
    const response = await app.get('/customer/id-types', { token });
    expect(response.body.id_types).toEqual([
      { id: 1, name: 'Identity Card (KTP)' }, { id: 2, name: 'Passport' }, { id: 3, name: 'Driving License (SIM)' },
    ]);
    expect((await app.get('/customer/id-types')).status).toBe(401);
  });
});
