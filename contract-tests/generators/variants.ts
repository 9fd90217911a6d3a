// Path and method variants: a documented path is the only way in. Every operation's path is sent
// respelled (lib/path-variants.ts: case, a trailing or doubled slash, percent-encoding, dot segments), without
// credentials and with valid ones; no spelling may get a 2xx (a server that matches paths loosely
// in one place and exactly in another, e.g. its router and its guards, answers them). Every method
// a documented path does not have must get 404 or 405. Check: path_variant_bypass.
import { PATH_VARIANTS } from '../../lib/path-variants.js';
import { expectation } from '../checks/expectations.js';
import type { Operation } from '../contract.js';
import { mayWrite } from '../profiles.js';
import type { RequestParts, Session } from '../session.js';
import { baseRequest } from '../world.js';

const CHECK = 'path_variant_bypass';

// HEAD and OPTIONS are left out: answering them for a GET path (HEAD) or for CORS (OPTIONS) is HTTP's own.
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const refusedSpelling = (label: string) =>
  expectation(CHECK, `${label}: not a 2xx (only the documented spelling of the path leads to the operation)`, (status) => status < 200 || status >= 300);
const refusedMethod = (method: string) =>
  expectation(CHECK, `${method}: 404 or 405 (the path does not document ${method})`, (status) => status === 404 || status === 405);

const withoutCredentials = (request: RequestParts): RequestParts => {
  const headers = { ...request.headers };
  delete headers.Authorization;
  delete headers['X-MYWIFI-KEY'];
  return { ...request, headers };
};

export async function variantsPhase(session: Session): Promise<void> {
  const { config } = session;
  if (config.profile === 'mock') {
    session.results.skip('variants', 'path and method variants', 'a mock is not where paths are guarded');
    return;
  }
  // The production profile respells only what it may send anyway: a target with the hole would act on it.
  const ops = session.selected.filter((op) => mayWrite(config.profile, op));
  for (const op of ops) {
    const base = baseRequest(session, op.key);
    for (const [label, spell] of PATH_VARIANTS) {
      const rawPath = spell(op.path);
      for (const [who, request] of [['without credentials', withoutCredentials(base)], ['with credentials', base]] as const) {
        await session.call('variants', `${label} (${rawPath}), ${who}`, op.key, { ...request, rawPath }, [refusedSpelling(label)], { offContract: true });
      }
    }
  }
  const byPath = new Map<string, Operation[]>();
  for (const op of ops) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  for (const [path, documented] of byPath) {
    const all = session.contract.operations.filter((op) => op.path === path);
    if (all.length !== documented.length) continue; // another method of this path may not be sent here
    const base = baseRequest(session, documented[0]!.key);
    for (const method of METHODS.filter((m) => !all.some((op) => op.method === m))) {
      await session.call('variants', `${method} ${path}`, documented[0]!.key, { ...base, rawPath: path, method }, [refusedMethod(method)], { offContract: true });
    }
  }
}
