// The X-MYWIFI-KEY check in front of the API-key operations. It answers in the billing envelope
// (400 API_KEY_MISSING, 403 API_KEY_INVALID or IP_NOT_ALLOWED) before the spec validator runs;
// the validator's `apiKey` security handler then only asks whether this guard let the request in.
import type { Request, RequestHandler } from 'express';
import { listOperations } from '../../lib/spec/bundle.js';
import type { Contract } from '../shared/contract.js';
import { normalizeAddress } from './cidr.js';
import type { ApiKeyService } from './service.js';

const MESSAGES = {
  API_KEY_MISSING: 'API key wajib dikirim melalui header X-MYWIFI-KEY.',
  API_KEY_INVALID: 'API key tidak valid atau tidak aktif.',
  IP_NOT_ALLOWED: (address: string) => `Alamat IP ${address} tidak diizinkan untuk API key ini.`,
};

const accepted = new WeakSet<Request>();

export const apiKeyAccepted = (req: Request): boolean => accepted.has(req);

export function apiKeyGuard(keys: ApiKeyService, contract: Contract): RequestHandler {
  const guarded = new Set(listOperations(contract.spec).filter((op) => op.security === 'apiKey').map((op) => `${op.method} /api${op.path}`));
  return async (req, _res, next) => {
    if (!guarded.has(`${req.method} ${req.path}`)) return next();
    // req.ip honours X-Forwarded-For only when TRUST_PROXY says the proxy in front is trusted.
    const address = normalizeAddress(req.ip ?? req.socket.remoteAddress ?? '');
    const result = await keys.check(req.get('X-MYWIFI-KEY') || undefined, address);
    if (result.ok) {
      accepted.add(req);
      return next();
    }
    const message = result.code === 'IP_NOT_ALLOWED' ? MESSAGES.IP_NOT_ALLOWED(address) : MESSAGES[result.code];
    next(contract.billingError(result.code, message));
  };
}
