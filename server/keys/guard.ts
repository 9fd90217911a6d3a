// The X-MYWIFI-KEY check in front of the API-key operations, answering in the billing envelope:
// 400 API_KEY_MISSING, 403 API_KEY_INVALID or IP_NOT_ALLOWED.
import type { RequestHandler } from 'express';
import { guardOperations } from '../http/security.js';
import type { Contract } from '../shared/contract.js';
import { normalizeAddress } from './cidr.js';
import type { ApiKeyService } from './service.js';

const MESSAGES = {
  API_KEY_MISSING: 'API key wajib dikirim melalui header X-MYWIFI-KEY.',
  API_KEY_INVALID: 'API key tidak valid atau tidak aktif.',
  IP_NOT_ALLOWED: (address: string) => `Alamat IP ${address} tidak diizinkan untuk API key ini.`,
};

export function apiKeyGuard(keys: ApiKeyService, contract: Contract): RequestHandler {
  return guardOperations('apiKey', async (req) => {
    // req.ip honours X-Forwarded-For only when TRUST_PROXY says the proxy in front is trusted.
    const address = normalizeAddress(req.ip ?? req.socket.remoteAddress ?? '');
    const result = await keys.check(req.get('X-MYWIFI-KEY') || undefined, address);
    if (result.ok) return;
    const message = result.code === 'IP_NOT_ALLOWED' ? MESSAGES.IP_NOT_ALLOWED(address) : MESSAGES[result.code];
    throw contract.billingError(result.code, message);
  });
}
