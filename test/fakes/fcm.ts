// A fake of Google's OAuth2 token endpoint and the FCM HTTP v1 send endpoint, on 127.0.0.1. It
// checks the service-account assertion (RS256, with the account's public key) and the bearer
// token, and answers each device token as the test says: success, not registered, server error,
// a refused message, or no answer at all.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { importSPKI, jwtVerify } from 'jose';
import type { ServiceAccount } from '../../server/adapters/fcm.js';
import { startFakeServer, type FakeServer, type Reply } from './http-server.js';

export type TokenBehaviour = 'ok' | 'unregistered' | 'server-error' | 'invalid-message' | 'hang';

export interface FakeFcm extends FakeServer {
  serviceAccount: ServiceAccount;
  /** What the send endpoint does for a device token (default 'ok'). */
  behaviour: Map<string, TokenBehaviour>;
  /** Messages accepted, in order. */
  sent: { token: string; title: string; body: string; data: Record<string, string> }[];
  tokenExchanges: number;
  /** Make the token endpoint refuse the service account. */
  refuseCredentials: boolean;
}

export async function startFakeFcm(projectId = 'jwi-test'): Promise<FakeFcm> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const verifyKey = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
  const accessTokens = new Set<string>();

  const server = await startFakeServer(async (request): Promise<Reply> => {
    if (request.url === '/token') {
      fake.tokenExchanges++;
      const form = new URLSearchParams(request.body);
      if (fake.refuseCredentials || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      try {
        const { payload } = await jwtVerify(form.get('assertion') ?? '', verifyKey, { audience: `${server.url}/token` });
        if (payload.iss !== fake.serviceAccount.client_email || payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging') throw new Error('claims');
      } catch {
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      const token = `ya29.${randomUUID()}`;
      accessTokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
    }
    if (request.url !== `/v1/projects/${projectId}/messages:send`) return { status: 404, body: { error: { code: 404, message: 'no such path', status: 'NOT_FOUND' } } };
    if (!accessTokens.has((request.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      return { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
    }
    const { message } = JSON.parse(request.body) as { message: { token: string; notification: { title: string; body: string }; data: Record<string, string> } };
    switch (fake.behaviour.get(message.token) ?? 'ok') {
      case 'unregistered':
        return { status: 404, body: { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } } };
      case 'server-error':
        return { status: 503, body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } } };
      case 'invalid-message':
        return { status: 400, body: { error: { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT', details: [{ errorCode: 'INVALID_ARGUMENT' }] } } };
      case 'hang':
        return { status: 0, hang: true };
      default:
        fake.sent.push({ token: message.token, ...message.notification, data: message.data });
        return { status: 200, body: { name: `projects/${projectId}/messages/${randomUUID()}` } };
    }
  });

  const fake: FakeFcm = Object.assign(server, {
    serviceAccount: {
      project_id: projectId,
      client_email: `push@${projectId}.iam.gserviceaccount.com`,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      private_key_id: 'test-key-1',
      token_uri: `${server.url}/token`,
    },
    behaviour: new Map<string, TokenBehaviour>(),
    sent: [],
    tokenExchanges: 0,
    refuseCredentials: false,
  });
  return fake;
}
