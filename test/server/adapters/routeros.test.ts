// The RouterOS API client against a fake router that speaks the wire protocol.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLength, encodeSentence, SentenceReader } from '../../../server/adapters/routeros-protocol.js';
import { routerOsConnector, RouterUnreachableError } from '../../../server/adapters/routeros.js';
import { startFakeRouter, type FakeRouter } from '../../fakes/routeros.js';
import { freePort } from '../../../lib/processes.js';
import { IMPATIENT_MS, PATIENT_MS } from '../../support/timeouts.js';

describe('the wire format', () => {
  it.each([0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000, 0xfffffff, 0x10000000])('encodes a length of %i in the right width', (length) => {
    const width = length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;
    expect(encodeLength(length)).toHaveLength(width);
  });

  it('reads back sentences split at any byte, with words of every length class', () => {
    const sentences = [['/login', '=name=api'], ['!re', `=comment=${'x'.repeat(200)}`, `=big=${'y'.repeat(20_000)}`], ['!done']];
    const bytes = Buffer.concat(sentences.map(encodeSentence));
    for (const step of [1, 7, 1000, bytes.length]) {
      const reader = new SentenceReader();
      const read: string[][] = [];
      for (let i = 0; i < bytes.length; i += step) read.push(...reader.push(bytes.subarray(i, i + step)));
      expect(read).toEqual(sentences);
    }
  });
});

describe('routerOsConnector', () => {
  let router: FakeRouter;
  const connector = routerOsConnector({ timeoutMs: PATIENT_MS });
  const address = () => ({ host: router.host, port: router.port, username: router.username, password: router.password });
  beforeAll(async () => {
    router = await startFakeRouter();
    router.secrets.set('john_pppoe', { profile: 'REG50M' });
    router.active.set('john_pppoe', { address: '10.10.10.2', uptime: '1d2h3m4s' });
    router.secrets.set('siti_pppoe', { profile: 'ISOLIR', disabled: true });
  });
  afterAll(() => router?.close());

  it('logs in and reads the secret and the active session of one user', async () => {
    expect(await connector.pppState(address(), 'john_pppoe')).toEqual({
      secret: { name: 'john_pppoe', profile: 'REG50M', disabled: false },
      active: { name: 'john_pppoe', address: '10.10.10.2', uptime: '1d2h3m4s' },
    });
    expect(router.commands.slice(-3)).toEqual([
      ['/login', '=name=api', '=password=secret'], ['/ppp/secret/print', '?name=john_pppoe'], ['/ppp/active/print', '?name=john_pppoe'],
    ]);
  });

  it('reports a disabled secret without a session, and an unknown user', async () => {
    expect(await connector.pppState(address(), 'siti_pppoe')).toEqual({ secret: { name: 'siti_pppoe', profile: 'ISOLIR', disabled: true }, active: undefined });
    expect(await connector.pppState(address(), 'nobody')).toEqual({ secret: undefined, active: undefined });
  });

  it('answers the MD5 challenge of routers before 6.43', async () => {
    const legacy = await startFakeRouter({ legacyLogin: true });
    legacy.secrets.set('old', { profile: 'default' });
    try {
      const state = await connector.pppState({ host: legacy.host, port: legacy.port, username: 'api', password: 'secret' }, 'old');
      expect(state.secret?.profile).toBe('default');
    } finally {
      await legacy.close();
    }
  });

  it('reports wrong credentials, a refused connection and a silent router as unreachable', async () => {
    await expect(connector.pppState({ ...address(), password: 'wrong' }, 'john_pppoe')).rejects.toThrow(/invalid user name or password/);
    const closedPort = await freePort();
    await expect(connector.pppState({ ...address(), port: closedPort }, 'john_pppoe')).rejects.toBeInstanceOf(RouterUnreachableError);
    router.silent = true;
    try {
      const impatient = routerOsConnector({ timeoutMs: IMPATIENT_MS });
      await expect(impatient.pppState(address(), 'john_pppoe')).rejects.toThrow(new RegExp(`no answer within ${IMPATIENT_MS} ms`));
    } finally {
      router.silent = false;
    }
  });

  it('reports a router that closes the connection at once', async () => {
    const rude = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    try {
      await expect(connector.pppState({ ...address(), port: (rude.address() as { port: number }).port }, 'x')).rejects.toBeInstanceOf(RouterUnreachableError);
    } finally {
      rude.close();
    }
  });
});
