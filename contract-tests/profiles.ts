// What each profile may send to its target, and which tiers of rules bind it.
//
// | profile    | for                                        | writes                          | binds                       |
// |------------|--------------------------------------------|---------------------------------|-----------------------------|
// | reference  | the reference server                       | everything                      | contract, security, reference server |
// | staging    | a backend team's own full implementation   | everything                      | contract, security          |
// | production | a live API                                  | reads, and throwaway accounts   | contract, security          |
// | mock       | a stateless Prism mock                     | examples, requested outcomes    | contract, security          |
//
// `--strict` makes the reference server's rules bind in any profile.
import type { Tier } from './checks/registry.js';
import type { SuiteConfig } from './config.js';
import type { Operation } from './contract.js';

export const PROFILES = ['reference', 'staging', 'production', 'mock'] as const;
export type Profile = (typeof PROFILES)[number];

export const PROFILE_HELP: Record<Profile, string> = {
  reference: 'everything, held to the contract and to the reference server\'s own rules',
  staging: 'everything the reference profile sends, held to the contract only: your own full implementation',
  production: 'reads and throwaway accounts only, held to the contract: a live API',
  mock: 'what a stateless Prism mock can answer',
};

// Writes that production tolerates: they touch only the suite's own throwaway accounts.
const PRODUCTION_WRITES = new Set([
  'POST /auth/register', 'POST /auth/login', 'POST /auth/logout', 'POST /auth/refresh', 'POST /auth/change-password',
  'POST /notification/token', 'DELETE /notification/token', 'POST /customer/profile-photo',
]);

/** Whether requests that the target would accept may be sent to this operation. */
export function mayWrite(profile: Profile, op: Operation): boolean {
  return profile !== 'production' || op.method === 'GET' || PRODUCTION_WRITES.has(op.key);
}

/** Whether the profile may write anything: subscribe, pay, push, send OTPs, reach rate limits. */
export const writesFreely = (profile: Profile): boolean => profile === 'reference' || profile === 'staging';

/** Whether the reference server's own rules bind: its findings fail the run, and values outside its
 * own constraints (`x-reference-server-only`) are sent. */
export const holdsReferenceRules = (config: Pick<SuiteConfig, 'profile' | 'strict'>): boolean => config.profile === 'reference' || config.strict;

/** Whether a finding of this tier fails the run. */
export const binds = (config: Pick<SuiteConfig, 'profile' | 'strict'>, tier: Tier): boolean => tier !== 'reference' || holdsReferenceRules(config);
