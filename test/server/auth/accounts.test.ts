// Registration, login, the current user, logout, refresh and password change, through HTTP.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, login, newUser, registerUser } from '../../support/accounts.js';
import { startApp, type TestApp } from '../../support/app.js';
import { databaseKinds } from '../../support/databases.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

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

    it('refuses a body that is not JSON', async () => {
      const response = await app.post('/auth/register', undefined, { raw: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(response.status).toBe(422);
      const malformed = await app.post('/auth/register', undefined, { raw: '{"name":', headers: { 'Content-Type': 'application/json' } });
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors.body).toEqual(['The request body is not valid JSON.']);
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
      const { sub, jti, exp, iat } = JSON.parse(Buffer.from((await login(app)).split('.')[1]!, 'base64url').toString());
      const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setJti(jti).setIssuedAt(iat).setExpirationTime(exp)
        .sign(new TextEncoder().encode('another-secret-another-secret-another'));
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub, jti, iat, exp })}.`;
      for (const token of [forged, unsigned]) expect((await app.get('/auth/me', { token })).status).toBe(401);
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

    it('requires a token', async () => {
      expect((await app.post('/auth/change-password', { current_password: 'x', password: 'newpass1', password_confirmation: 'newpass1' })).status).toBe(401);
    });
  });
});
