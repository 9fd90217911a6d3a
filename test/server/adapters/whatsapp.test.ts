// The WhatsApp gateway OTP sender against a fake gateway on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtpDeliveryError } from '../../../server/adapters/otp-sender.js';
import { whatsappOtpSender } from '../../../server/adapters/whatsapp.js';
import { startFakeWhatsApp, type FakeWhatsApp } from '../../fakes/whatsapp.js';
import { freePort } from '../../../lib/processes.js';
import { IMPATIENT_MS, PATIENT_MS } from '../../support/timeouts.js';

const MESSAGE = { destination: '628123456789', otp: '123456' };

describe('whatsappOtpSender', () => {
  let gateway: FakeWhatsApp;
  const sender = (overrides: Partial<{ url: string; token: string; timeoutMs: number }> = {}) =>
    whatsappOtpSender({ url: `${gateway.url}/send`, token: gateway.token, timeoutMs: PATIENT_MS, ...overrides });
  beforeAll(async () => {
    gateway = await startFakeWhatsApp();
  });
  afterAll(() => gateway?.close());

  it('posts the number and an Indonesian message with the OTP, with the account token', async () => {
    await sender().send(MESSAGE);
    expect(gateway.messages.at(-1)).toEqual({
      target: '628123456789',
      message: 'Kode OTP reset password JWI Anda: 123456. Berlaku 5 menit. Jangan berikan kode ini kepada siapa pun.',
    });
  });

  it.each([['refuse', /refused the message \(200: target invalid\)/], ['error', /refused the message \(500/], ['hang', new RegExp(`no answer within ${IMPATIENT_MS} ms`)]] as const)(
    'fails when the gateway does "%s"',
    async (mode, message) => {
      gateway.mode = mode;
      const timeoutMs = mode === 'hang' ? IMPATIENT_MS : PATIENT_MS;
      try {
        await expect(sender({ timeoutMs }).send(MESSAGE)).rejects.toThrow(message);
        await expect(sender({ timeoutMs }).send(MESSAGE)).rejects.toBeInstanceOf(OtpDeliveryError);
      } finally {
        gateway.mode = 'accept';
      }
    },
  );

  it('fails on a wrong token and on a gateway that is not there', async () => {
    await expect(sender({ token: 'wrong' }).send(MESSAGE)).rejects.toThrow(/401: invalid token/);
    await expect(sender({ url: `http://127.0.0.1:${await freePort()}/send` }).send(MESSAGE)).rejects.toThrow(/unreachable/);
  });
});
