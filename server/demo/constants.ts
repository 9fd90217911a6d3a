// The demo's published accounts and keys: what `npm start` seeds (seed.ts), prints, and refuses to
// keep on a database that has left the demo (leftovers.ts), and what the docs, the Postman
// environment, the suite's demo config and the tests log in with. Never valid in production (SEED_DEMO).

export const DEMO_PASSWORD = 'rahasia123';
/** The demo partner key: known, so that the docs' billing examples work locally. */
export const DEMO_API_KEY = 'jwi_demo_partner_key_for_local_use_only';
/** A demo key allowed only from 192.0.2.0/24 (TEST-NET-1, never a real client): how IP_NOT_ALLOWED looks. */
export const DEMO_RESTRICTED_API_KEY = 'jwi_demo_restricted_key_for_local_use_only';
export const DEMO_RESTRICTED_CIDR = '192.0.2.0/24';
export const DEMO_CUSTOMERS = [
  { name: 'John Doe', email: 'john@example.com', no_services: 'ISP00123' },
  { name: 'Siti Aminah', email: 'siti@example.com', no_services: '28900001' },
] as const;

/** Each demo customer's login as a client (and the suite's config) gives it, the first John's. */
export const DEMO_LOGINS = DEMO_CUSTOMERS.map((customer) => ({ noServices: customer.no_services, identifier: customer.email, password: DEMO_PASSWORD }));
