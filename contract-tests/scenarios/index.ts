// The stateful flows, in the order they run. Each provisions its own fresh accounts through the
// public API (the shared ones come from world.ts).
import type { Session } from '../session.js';
import { accounts } from './accounts.js';
import { billing } from './billing.js';
import { subscribe, verifiedFields } from './customers.js';
import { helpdesk, objectAuthorization } from './helpdesk.js';
import { massAssignment } from './mass-assignment.js';
import { networkStatus, profilePhoto, rateLimits } from './misc.js';
import { deviceTokens, partnerPush } from './notifications.js';
import { passwordReset } from './password-reset.js';
import { Flow, type Scenario } from './scenario.js';

export const SCENARIOS: Scenario[] = [
  accounts, massAssignment, subscribe, verifiedFields, helpdesk, objectAuthorization, deviceTokens, partnerPush,
  passwordReset, billing, profilePhoto, networkStatus,
];

export async function scenariosPhase(session: Session, scenarios: Scenario[] = SCENARIOS, phase = 'scenarios'): Promise<void> {
  for (const scenario of scenarios) {
    const reason = session.config.profile === 'mock' ? 'a stateless mock keeps no state between requests' : scenario.skipReason?.(session);
    if (reason) {
      session.results.skip(phase, scenario.name, reason);
      continue;
    }
    await scenario.run(new Flow(session, scenario.name, phase));
  }
}

/** The rate limits come last: reaching them spends budgets that every other phase needs. */
export const limitsPhase = (session: Session): Promise<void> => scenariosPhase(session, [rateLimits], 'limits');
