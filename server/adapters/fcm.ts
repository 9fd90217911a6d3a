// Firebase Cloud Messaging, HTTP v1: the service account signs a JWT (RS256) that the OAuth2 token
// endpoint exchanges for an access token (cached until shortly before it expires), then each
// message goes to projects/{id}/messages:send. Endpoint URLs are configurable for tests.
import { importPKCS8, SignJWT } from 'jose';
import { PushProviderError, type PushMessage, type PushResult, type PushSender } from './push-sender.js';

export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

export interface FcmOptions {
  serviceAccount: ServiceAccount;
  /** OAuth2 token endpoint; defaults to the service account's token_uri. */
  tokenUrl?: string;
  /** Defaults to https://fcm.googleapis.com. */
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => Date;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

interface FcmErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: { errorCode?: string }[] };
}

export function fcmPushSender(options: FcmOptions): PushSender {
  const account = options.serviceAccount;
  const tokenUrl = options.tokenUrl ?? account.token_uri ?? 'https://oauth2.googleapis.com/token';
  const sendUrl = `${options.baseUrl ?? 'https://fcm.googleapis.com'}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  let cached: { token: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string> {
    const at = now().getTime();
    if (cached && cached.expiresAt - 60_000 > at) return cached.token;
    try {
      const key = await importPKCS8(account.private_key, 'RS256');
      const issuedAt = Math.floor(at / 1000);
      const assertion = await new SignJWT({ scope: SCOPE })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(account.private_key_id ? { kid: account.private_key_id } : {}) })
        .setIssuer(account.client_email).setAudience(tokenUrl).setIssuedAt(issuedAt).setExpirationTime(issuedAt + 3600)
        .sign(key);
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
      if (!response.ok || !body.access_token) throw new Error(`token endpoint answered ${response.status} ${body.error ?? ''}`.trim());
      cached = { token: body.access_token, expiresAt: at + (body.expires_in ?? 3600) * 1000 };
      return cached.token;
    } catch (error) {
      throw new PushProviderError(`FCM access token: ${(error as Error).message}`);
    }
  }

  return {
    async send(token: string, message: PushMessage): Promise<PushResult> {
      const bearer = await accessToken();
      let response: Response;
      try {
        response = await fetch(sendUrl, {
          method: 'POST',
          headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ message: { token, notification: { title: message.title, body: message.body }, data: message.data } }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
        return { ok: false, response: null, error: `FCM unreachable: ${reason}`, tokenInvalid: false, messageInvalid: false };
      }
      const text = await response.text();
      if (response.ok) return { ok: true, response: text };
      if (response.status === 401 || response.status === 403) {
        cached = undefined;
        throw new PushProviderError(`FCM refused the credentials (${response.status})`);
      }
      let parsed: FcmErrorBody = {};
      try {
        parsed = JSON.parse(text) as FcmErrorBody;
      } catch {
        // not JSON: keep the text as the answer
      }
      const error = parsed.error?.message ?? `FCM answered ${response.status}`;
      const codes = (parsed.error?.details ?? []).map((d) => d.errorCode);
      const tokenInvalid = codes.includes('UNREGISTERED') || response.status === 404 ||
        (parsed.error?.status === 'INVALID_ARGUMENT' && /registration token/i.test(error));
      const messageInvalid = !tokenInvalid && response.status === 400;
      return { ok: false, response: text, error, tokenInvalid, messageInvalid };
    },
  };
}
