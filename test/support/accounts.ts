// Data builders: fresh users and customers made through the public API.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PASSWORD } from '../../server/demo/constants.js';
import type { TestApp } from './app.js';

/** The first demo customer (John), who logs in by default. */
export const DEMO: { email: string; noServices: string; password: string } = { email: DEMO_CUSTOMERS[0].email, noServices: DEMO_CUSTOMERS[0].no_services, password: DEMO_PASSWORD };

export function newUser(overrides: Record<string, unknown> = {}) {
  const id = randomBytes(5).toString('hex');
  return {
    name: `Test ${id}`,
    email: `user-${id}@example.com`,
    password: 'secret123',
    password_confirmation: 'secret123',
    phone: 81200000000 + Number.parseInt(id.slice(0, 6), 16) % 1_000_000,
    phonecode: 62,
    ...overrides,
  };
}

/** Registers a user and returns its token and the registration body. */
export async function registerUser(app: TestApp, overrides: Record<string, unknown> = {}) {
  const user = newUser(overrides);
  const response = await app.post('/auth/register', user);
  expect(response.status).toBe(201);
  return { user, token: response.body.token as string };
}

/** Registers a user and subscribes it to package 2 of company 1. */
export async function registerCustomer(app: TestApp) {
  const { user, token } = await registerUser(app);
  const response = await app.post('/customer', { package_id: 2, company_id: 1, id_type_id: 1, id_number: '3201010101010009' }, { token });
  expect(response.status).toBe(201);
  return { user, token, noServices: response.body.customer.no_services as string };
}

export async function login(app: TestApp, identifier = DEMO.email, password = DEMO.password): Promise<string> {
  const response = await app.post('/auth/login', { identifier, password });
  expect(response.status).toBe(200);
  return response.body.token;
}
