// The FCM HTTP v1 sender against a fake token endpoint and a fake FCM, on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fcmPushSender } from '../../../server/adapters/fcm.js';
import { PushProviderError } from '../../../server/adapters/push-sender.js';
import { startFakeFcm, type FakeFcm } from '../../fakes/fcm.js';
import { freePort } from '../../../lib/processes.js';
import { IMPATIENT_MS, PATIENT_MS } from '../../support/timeouts.js';

const MESSAGE = { title: 'Tagihan Terbit', body: 'Tagihan INV-2401-001 sudah terbit.', data: { type: 'invoice_created' } };

describe('fcmPushSender', () => {
  let fcm: FakeFcm;
  const sender = (timeoutMs = PATIENT_MS) => fcmPushSender({ serviceAccount: fcm.serviceAccount, baseUrl: fcm.url, timeoutMs });
  beforeAll(async () => {
    fcm = await startFakeFcm();
    fcm.behaviour.set('gone', 'unregistered');
    fcm.behaviour.set('flaky', 'server-error');
    fcm.behaviour.set('picky', 'invalid-message');
    fcm.behaviour.set('slow', 'hang');
  });
  afterAll(() => fcm?.close());

  it('exchanges a signed service-account assertion for an access token once, then sends', async () => {
    const push = sender();
    const before = fcm.tokenExchanges;
    const first = await push.send('device-a', MESSAGE);
    const second = await push.send('device-b', MESSAGE);
    expect(first.ok && JSON.parse(first.response).name).toMatch(/^projects\/jwi-test\/messages\//);
    expect(second.ok).toBe(true);
    expect(fcm.tokenExchanges - before).toBe(1);
    expect(fcm.sent.slice(-2).map((m) => m.token)).toEqual(['device-a', 'device-b']);
    expect(fcm.sent.at(-1)).toMatchObject({ title: MESSAGE.title, body: MESSAGE.body, data: MESSAGE.data });
  });

  it('reports an unregistered token as invalid', async () => {
    expect(await sender().send('gone', MESSAGE)).toMatchObject({ ok: false, tokenInvalid: true, messageInvalid: false, error: 'Requested entity was not found.' });
  });

  it('reports a server error as a failed delivery that keeps the token', async () => {
    expect(await sender().send('flaky', MESSAGE)).toMatchObject({ ok: false, tokenInvalid: false, messageInvalid: false, error: 'The service is currently unavailable.' });
  });

  it('reports a refused message', async () => {
    expect(await sender().send('picky', MESSAGE)).toMatchObject({ ok: false, tokenInvalid: false, messageInvalid: true });
  });

  it('gives up on an FCM that does not answer', async () => {
    expect(await sender(IMPATIENT_MS).send('slow', MESSAGE)).toMatchObject({ ok: false, error: `FCM unreachable: no answer within ${IMPATIENT_MS} ms` });
  });

  it('throws PushProviderError when the credentials are refused or the token endpoint is down', async () => {
    fcm.refuseCredentials = true;
    try {
      await expect(sender().send('device-a', MESSAGE)).rejects.toBeInstanceOf(PushProviderError);
    } finally {
      fcm.refuseCredentials = false;
    }
    const down = fcmPushSender({ serviceAccount: fcm.serviceAccount, tokenUrl: `http://127.0.0.1:${await freePort()}/token`, baseUrl: fcm.url, timeoutMs: PATIENT_MS });
    await expect(down.send('device-a', MESSAGE)).rejects.toThrow(/FCM access token/);
  });
});
