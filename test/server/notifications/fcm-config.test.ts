// The FCM sender as a deployment configures it: PUSH_PROVIDER=fcm with a service-account file and
// (for this test) the endpoints of a fake FCM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../server/config.js';
import { startFakeFcm, type FakeFcm } from '../../fakes/fcm.js';
import { registerUser } from '../../support/accounts.js';
import { startApp } from '../../support/app.js';

describe('PUSH_PROVIDER=fcm', () => {
  let fcm: FakeFcm;
  const dir = mkdtempSync(join(tmpdir(), 'jwi-fcm-'));
  const file = join(dir, 'service-account.json');
  beforeAll(async () => {
    fcm = await startFakeFcm();
    writeFileSync(file, JSON.stringify(fcm.serviceAccount));
  });
  afterAll(async () => {
    await fcm?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends through FCM with the service account from FCM_SERVICE_ACCOUNT_FILE', async () => {
    const app = await startApp('sqlite', {}, { PUSH_PROVIDER: 'fcm', FCM_SERVICE_ACCOUNT_FILE: file, FCM_BASE_URL: fcm.url, FCM_TOKEN_URL: `${fcm.url}/token` });
    try {
      const { token } = await registerUser(app);
      await app.post('/notification/token', { token: 'tok-configured-1' }, { token });
      expect((await app.post('/notification/test', { title: 'Dari konfigurasi' }, { token })).body.summary.success).toBe(1);
      expect(fcm.sent.at(-1)).toMatchObject({ token: 'tok-configured-1', title: 'Dari konfigurasi' });
    } finally {
      await app.close();
    }
  });

  it('refuses to start with a missing or incomplete service account', async () => {
    await expect(startApp('sqlite', {}, { PUSH_PROVIDER: 'fcm' })).rejects.toThrow(/needs FCM_SERVICE_ACCOUNT_FILE/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ project_id: 'x' }));
    await expect(startApp('sqlite', {}, { PUSH_PROVIDER: 'fcm', FCM_SERVICE_ACCOUNT_FILE: join(dir, 'bad.json') })).rejects.toBeInstanceOf(ConfigError);
  });
});
