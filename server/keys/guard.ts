// The X-MYWIFI-KEY check in front of the API-key operations, answering in the billing envelope:
// 400 API_KEY_MISSING, 403 API_KEY_INVALID or IP_NOT_ALLOWED. The request's log line names the
// client address and the key (its id and visible prefix, never the key itself).
import type { Request, RequestHandler } from 'express';
import { annotateLog } from '../http/request-context.js';
import { guardOperations } from '../http/security.js';
import type { Contract } from '../shared/contract.js';
import { normalizeAddress } from './cidr.js';
import type { ApiKeyRow } from './repository.js';
import type { ApiKeyService } from './service.js';

const MESSAGES = {
  API_KEY_MISSING: 'API key wajib dikirim melalui header X-MYWIFI-KEY.',
  API_KEY_INVALID: 'API key tidak valid atau tidak aktif.',
  IP_NOT_ALLOWED: (address: string) => `Alamat IP ${address} tidak diizinkan untuk API key ini.`,
};

const accepted = new WeakMap<Request, ApiKeyRow>();

/** The key the request was accepted with (the guard ran before). */
export function currentApiKey(req: Request): ApiKeyRow {
  const key = accepted.get(req);
  if (!key) throw new Error(`${req.method} ${req.path}: no API key was accepted for this request`);
  return key;
}

export function apiKeyGuard(keys: ApiKeyService, contract: Contract): RequestHandler {
  return guardOperations('apiKey', async (req) => {
    // req.ip honours X-Forwarded-For only when TRUST_PROXY says the proxy in front is trusted.
    const address = normalizeAddress(req.ip ?? req.socket.remoteAddress ?? '');
    const result = await keys.check(req.get('X-MYWIFI-KEY') || undefined, address);
    annotateLog(req.res!, { client: address, ...(result.key ? { apiKey: { id: result.key.id, prefix: result.key.key_prefix } } : {}) });
    if (result.ok) {
      accepted.set(req, result.key);
      return;
    }
    const message = result.code === 'IP_NOT_ALLOWED' ? MESSAGES.IP_NOT_ALLOWED(address) : MESSAGES[result.code];
    throw contract.billingError(result.code, message);
  });
}
