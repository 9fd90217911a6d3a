// The stateful flows, in the order they run. Each provisions its own fresh accounts through the
// public API (the shared ones come from world.ts).
import type { Session } from '../session.js';
import { accounts } from './accounts.js';
import { billing } from './billing.js';
import { subscribe, verifiedFields } from './customers.js';
import { helpdesk, objectAuthorization } from './helpdesk.js';
import { networkStatus, profilePhoto, rateLimits } from './misc.js';
import { deviceTokens, partnerPush } from './notifications.js';
import { passwordReset } from './password-reset.js';
import { Flow, type Scenario } from './scenario.js';

export const SCENARIOS: Scenario[] = [
  accounts, subscribe, verifiedFields, helpdesk, objectAuthorization, deviceTokens, partnerPush,
  passwordReset, billing, profilePhoto, networkStatus, rateLimits,
];

export async function scenariosPhase(session: Session, scenarios: Scenario[] = SCENARIOS): Promise<void> {
  for (const scenario of scenarios) {
    const reason = session.config.profile === 'mock' ? 'a stateless mock keeps no state between requests' : scenario.skipReason?.(session);
    if (reason) {
      session.results.skip('scenarios', scenario.name, reason);
      continue;
    }
    await scenario.run(new Flow(session, scenario.name));
  }
}
