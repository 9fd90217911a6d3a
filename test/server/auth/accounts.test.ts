// Registration, login, the current user, logout, refresh and password change, through HTTP.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, login, newUser, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const sign = (claims: Record<string, unknown>, secret: string) =>
  new SignJWT(Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined))).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));

describe.each(await databaseKinds())('accounts on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(kind);
  });
  afterAll(() => app?.close());

  describe('POST /auth/register', () => {
    it('creates the user, stores a bcrypt hash and returns a working token', async () => {
      const user = newUser({ gender: 'Female', address: 'Jl. Test 1' });
      const response = await app.post('/auth/register', user);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, data: { email: user.email, gender: 'Female', image: 'default1.jpg', role_name: 'Customer' } });
      const row = await app.ctx.db.selectFrom('users').select('password_hash').where('email', '=', user.email).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$2[aby]\$/);
      expect(row.password_hash).not.toContain(user.password);
      const me = await app.get('/auth/me', { token: response.body.token });
      expect(me.body.email).toBe(user.email);
    });

    it('refuses an email that is already registered, whatever its case', async () => {
      const response = await app.post('/auth/register', newUser({ email: DEMO.email.toUpperCase() }));
      expect(response.status).toBe(422);
      expect(response.body.errors.email).toEqual(['Email sudah terdaftar.']);
    });

    it('refuses a password confirmation that differs', async () => {
      const response = await app.post('/auth/register', newUser({ password_confirmation: 'different1' }));
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual({ password: ['Konfirmasi password tidak sesuai.'] });
    });

    it('lists every invalid field in Laravel\'s shape', async () => {
      const response = await app.post('/auth/register', { name: '', email: 'not-an-email', password: '123', phone: 123, phonecode: 123456 });
      expect(response.status).toBe(422);
      expect(response.body.message).toBe('The given data was invalid.');
      expect(Object.keys(response.body.errors).sort()).toEqual(['email', 'name', 'password', 'password_confirmation', 'phone', 'phonecode']);
      expect(response.body.errors.password_confirmation).toEqual(['The password confirmation field is required.']);
    });

    it('ignores server-owned fields sent in the body (mass assignment)', async () => {
      const chosenUid = '00000000-0000-4000-8000-000000000000';
      const user = newUser({ role_name: 'Admin', is_active: false, uid: chosenUid, token_version: 99, password_hash: 'x', id: 1 });
      const response = await app.post('/auth/register', user);
      expect(response.status).toBe(201);
      expect(response.body.data).toMatchObject({ role_name: 'Customer', is_active: true, email: user.email });
      expect(response.body.data.uid).not.toBe(chosenUid);
      expect((await app.get('/auth/me', { token: response.body.token })).status).toBe(200);
      expect((await app.post('/auth/login', { identifier: user.email, password: user.password })).status).toBe(200);
    });

    it('treats SQL in a field as text', async () => {
      for (const identifier of ["' OR '1'='1", "john@example.com' --", "ISP00123' OR 1=1 --"]) {
        const response = await app.post('/auth/login', { identifier, password: "' OR '1'='1" });
        expect({ identifier, status: response.status }).toEqual({ identifier, status: 422 });
      }
      const taken = await app.post('/auth/register', newUser({ name: "Robert'); DROP TABLE users; --" }));
      expect(taken.status).toBe(201);
      expect(taken.body.data.name).toBe("Robert'); DROP TABLE users; --");
      expect((await app.post('/auth/login', { identifier: DEMO.email, password: DEMO.password })).status).toBe(200);
    });

    it('takes an image file name, never a path, and stores only a built-in image', async () => {
      for (const image of ['../../etc/passwd', '/var/www/x.jpg', 'a/b.png', 'shell.php']) {
        const response = await app.post('/auth/register', newUser({ image }));
        expect({ image, status: response.status, errors: response.body.errors }).toEqual({ image, status: 422, errors: { image: ['The image format is invalid.'] } });
      }
      // A well-formed name that is not a built-in image (it may be another user's photo) stores the default.
      expect((await app.post('/auth/register', newUser({ image: 'avatar_2.png' }))).body.data.image).toBe('default1.jpg');
      expect((await app.post('/auth/register', newUser({ image: 'default1.jpg' }))).body.data.image).toBe('default1.jpg');
    });

    it('refuses a body that is not JSON', async () => {
      const response = await app.post('/auth/register', undefined, { raw: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(response.status).toBe(422);
      const malformed = await app.post('/auth/register', undefined, { raw: '{"name":', headers: { 'Content-Type': 'application/json' } });
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors.body).toEqual(['The request body is not valid JSON.']);
      const tooLarge = await app.post('/auth/register', newUser({ address: 'x'.repeat(200_000) }));
      expect(tooLarge.status).toBe(422);
      expect(tooLarge.body.errors.body).toEqual(['The request body is too large (at most 100 KB).']);
      for (const [label, raw] of [['a string root', '"a string"'], ['an array root', '[1,2]'], ['invalid UTF-8', new Uint8Array(Buffer.from('{"name":"\xff\xfe"}', 'latin1'))]] as const) {
        const response = await app.post('/auth/register', undefined, { raw, headers: { 'Content-Type': 'application/json' } });
        expect({ label, status: response.status }).toEqual({ label, status: 422 });
      }
    });
  });

  describe('POST /auth/login', () => {
    it('accepts the email or the customer number', async () => {
      for (const identifier of [DEMO.email, DEMO.noServices]) {
        const response = await app.post('/auth/login', { identifier, password: DEMO.password });
        expect(response.status).toBe(200);
        expect(response.body.data.email).toBe(DEMO.email);
      }
    });

    it('refuses a wrong password and an unknown identifier alike', async () => {
      for (const body of [{ identifier: DEMO.email, password: 'wrong-password' }, { identifier: 'nobody@example.com', password: DEMO.password }, { identifier: 'NOPE404', password: DEMO.password }]) {
        const response = await app.post('/auth/login', body);
        expect(response.status).toBe(422);
        expect(response.body.errors).toEqual({ email: ['Email atau password tidak sesuai.'] });
      }
    });

    it('issues tokens with a unique jti', async () => {
      const [a, b] = await Promise.all([login(app), login(app)]);
      const jti = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti;
      expect(jti(a)).not.toBe(jti(b));
    });
  });

  describe('bearer tokens', () => {
    it.each([
      ['no token', undefined],
      ['a malformed token', 'not-a-jwt'],
    ])('refuses %s with 401', async (_, token) => {
      const response = await app.get('/auth/me', token ? { token } : {});
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: 'Unauthenticated.' });
    });

    it('checks the token before reading the body', async () => {
      const response = await app.post('/auth/change-password', undefined, { raw: '{"current_password":', headers: { 'Content-Type': 'application/json' } });
      expect(response.status).toBe(401);
    });

    it('refuses a token signed with another secret, and an unsigned one', async () => {
      const claims = claimsOf(await login(app));
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
      for (const token of [await sign(claims, 'another-secret-another-secret-another'), unsigned]) expect((await app.get('/auth/me', { token })).status).toBe(401);
    });

    it('carries an issuer, an audience and the account\'s token version, and refuses a token without them or living too long', async () => {
      const claims = claimsOf(await login(app));
      expect(claims).toMatchObject({ iss: 'jwi-reference-server', aud: 'jwi-customer-api', ver: 0 });
      expect(claims.exp - claims.iat).toBe(3600);
      const secret = app.ctx.config.jwtSecret;
      // The same claims signed again with the server's key are accepted: each refusal below is its claim's doing.
      expect((await app.get('/auth/me', { token: await sign({ ...claims, jti: randomUUID() }, secret) })).status).toBe(200);
      const variants: [string, Record<string, unknown>][] = [
        ['another issuer', { iss: 'someone-else' }],
        ['another audience', { aud: 'another-api' }],
        ['no token version', { ver: undefined }],
        ['a lifetime beyond the configured 3600 s', { exp: claims.iat + 7200 }],
        ['an issue time in the future', { iat: claims.iat + 600, exp: claims.iat + 600 + 3600 }],
      ];
      for (const [label, change] of variants) {
        const response = await app.get('/auth/me', { token: await sign({ ...claims, jti: randomUUID(), ...change }, secret) });
        expect({ label, status: response.status }).toEqual({ label, status: 401 });
      }
    });

    it('expires after 3600 seconds', async () => {
      const token = await login(app);
      app.clock.advance(3599);
      expect((await app.get('/auth/me', { token })).status).toBe(200);
      app.clock.advance(2);
      expect((await app.get('/customer', { token })).status).toBe(401);
    });

    it('is revoked by logout, everywhere', async () => {
      const token = await login(app);
      expect((await app.post('/auth/logout', undefined, { token })).body).toEqual({ message: 'Berhasil logout.' });
      for (const path of ['/auth/me', '/customer', '/invoice', '/help']) expect((await app.get(path, { token })).status).toBe(401);
      expect((await app.post('/auth/logout', undefined, { token })).status).toBe(401);
    });

    it('is replaced by refresh: the new token works, the old one is refused', async () => {
      const old = await login(app);
      const response = await app.post('/auth/refresh', undefined, { token: old });
      expect(response.status).toBe(200);
      expect(response.body.token).not.toBe(old);
      expect((await app.get('/auth/me', { token: response.body.token })).status).toBe(200);
      expect((await app.get('/auth/me', { token: old })).status).toBe(401);
    });
  });

  describe('POST /auth/change-password', () => {
    it('checks the current password, then replaces it', async () => {
      const { user, token } = await registerUser(app);
      const wrong = await app.post('/auth/change-password', { current_password: 'not-it-1', password: 'newpass1', password_confirmation: 'newpass1' }, { token });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors).toEqual({ current_password: ['Password lama tidak sesuai.'] });

      const changed = await app.post('/auth/change-password', { current_password: user.password, password: 'newpass1', password_confirmation: 'newpass1' }, { token });
      expect(changed.body).toEqual({ message: 'Password berhasil diperbarui.' });
      expect((await app.post('/auth/login', { identifier: user.email, password: user.password })).status).toBe(422);
      expect((await app.post('/auth/login', { identifier: user.email, password: 'newpass1' })).status).toBe(200);
    });

    it('ends every session of the account: each token issued before the change is refused', async () => {
      const { user, token } = await registerUser(app);
      const other = (await app.post('/auth/login', { identifier: user.email, password: user.password })).body.token as string;
      const changed = await app.post('/auth/change-password', { current_password: user.password, password: 'newpass2', password_confirmation: 'newpass2' }, { token });
      expect(changed.status).toBe(200);
      for (const old of [token, other]) {
        for (const path of ['/auth/me', '/customer']) expect((await app.get(path, { token: old })).status).toBe(401);
        expect((await app.post('/auth/refresh', undefined, { token: old })).status).toBe(401);
      }
      const fresh = (await app.post('/auth/login', { identifier: user.email, password: 'newpass2' })).body.token as string;
      expect((await app.get('/auth/me', { token: fresh })).status).toBe(200);
      expect(claimsOf(fresh).ver).toBe(1);
    });

    it('requires a token', async () => {
      expect((await app.post('/auth/change-password', { current_password: 'x', password: 'newpass1', password_confirmation: 'newpass1' })).status).toBe(401);
    });
  });

  describe('passwords are counted in bytes (at most 72, bcrypt\'s limit), not characters', () => {
    const TOO_LONG = { password: ['The password may not be greater than 72 bytes.'] };
    const pair = (password: string) => ({ password, password_confirmation: password });

    it('register: 36 two-byte characters (72 bytes) are a password; 37 (74 bytes, within the schema\'s 72 characters) are refused', async () => {
      const fits = 'é'.repeat(36);
      const { user } = await registerUser(app, pair(fits));
      expect((await app.post('/auth/login', { identifier: user.email, password: fits })).status).toBe(200);

      for (const password of ['é'.repeat(37), '😀'.repeat(19), `${'a'.repeat(71)}é`]) {
        const refused = await app.post('/auth/register', newUser(pair(password)));
        expect(refused.status, password).toBe(422);
        expect(refused.body.errors).toEqual(TOO_LONG);
      }
    });

    it('change-password: refuses a new password over 72 bytes and keeps the old one', async () => {
      const { user, token } = await registerUser(app, pair('😀'.repeat(18)));
      const refused = await app.post('/auth/change-password', { current_password: user.password, ...pair('😀'.repeat(19)) }, { token });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual(TOO_LONG);
      expect((await app.post('/auth/login', { identifier: user.email, password: user.password })).status).toBe(200);
    });
  });
});

describe('login cost', () => {
  // Real bcrypt cost (10 rounds): an unknown account must cost what a known one with a wrong password
  // costs, or the answer time tells which emails exist. What is compared is the CPU time this process
  // (server and its bcrypt thread) spends, which other processes on a loaded machine do not change;
  // the answer times are reported, not asserted.
  it('is the same for an unknown account as for a wrong password: a bcrypt comparison each', async () => {
    const [kind] = await databaseKinds();
    const app = await startApp(kind!, {}, { BCRYPT_ROUNDS: '10' });
    try {
      const { user } = await registerUser(app);
      const cost = async (identifier: string) => {
        const times: number[] = [];
        const cpu = process.cpuUsage();
        for (let i = 0; i < 7; i++) {
          const started = performance.now();
          expect((await app.post('/auth/login', { identifier, password: 'wrong-password' })).status).toBe(422);
          times.push(performance.now() - started);
        }
        const { user: userMicros, system } = process.cpuUsage(cpu);
        return { cpuMs: (userMicros + system) / 1000 / 7, medianMs: times.sort((a, b) => a - b)[3]! };
      };
      await cost('warm-up@example.com');
      const known = await cost(user.email);
      const unknown = await cost('nobody-here@example.com');
      console.log(`login: known account ${known.medianMs.toFixed(1)} ms (CPU ${known.cpuMs.toFixed(1)} ms), ` +
        `unknown ${unknown.medianMs.toFixed(1)} ms (CPU ${unknown.cpuMs.toFixed(1)} ms), medians and means of 7`);
      // Without the comparison an unknown account costs a few percent of a known one.
      expect(unknown.cpuMs / known.cpuMs).toBeGreaterThan(0.5);
    } finally {
      await app.close();
    }
  });
});
