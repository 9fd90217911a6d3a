// Register, log in, read oneself, refresh (the reference server refuses the old token: its own rule,
// the reference says only "a new token from the old one"), change the password (every
// token issued before, on any device, is refused: token_revoked_on_password_change), log out (the
// token is refused).
import { bodyOf, Session } from '../session.js';
import { Flow, status, statusAnd, type Scenario } from './scenario.js';

export const accounts: Scenario = {
  name: 'accounts',
  async run(flow) {
    const email = Session.freshEmail('accounts');
    const password = 'contract-pass-1';
    const registered = await flow.step('register', 'POST /auth/register', {
      body: { name: 'Contract Accounts', email, password, password_confirmation: password, phone: 81234567890, phonecode: 62 },
    }, status(201));
    if (!bodyOf(registered)?.token) return;
    const login = await flow.step('log in with the email', 'POST /auth/login', { body: { identifier: email, password } }, status(200));
    const token = bodyOf(login)?.token as string | undefined;
    if (!token) return;
    await flow.step('read oneself', 'GET /auth/me', { headers: Flow.bearer(token) },
      statusAnd(200, 'the registered email', (b) => b.email === email, 'ensure_resource_availability'));
    await flow.step('a wrong password is refused', 'POST /auth/login', { body: { identifier: email, password: 'not-the-password' } }, status(422));

    const refreshed = await flow.step('refresh', 'POST /auth/refresh', { headers: Flow.bearer(token) }, status(200));
    const fresh = bodyOf(refreshed)?.token as string | undefined;
    await flow.step('the replaced token is refused', 'GET /auth/me', { headers: Flow.bearer(token) }, status(401, 'use_after_free', 'reference'));
    if (!fresh) return;
    await flow.step('the new token works', 'GET /auth/me', { headers: Flow.bearer(fresh) }, status(200));
    const other = bodyOf(await flow.step('log in on a second device', 'POST /auth/login', { body: { identifier: email, password } }, status(200)))?.token as string | undefined;
    await flow.step('change the password', 'POST /auth/change-password', {
      headers: Flow.bearer(fresh), body: { current_password: password, password: 'contract-pass-2', password_confirmation: 'contract-pass-2' },
    }, status(200));
    await flow.step('the token that changed it is refused', 'GET /auth/me', { headers: Flow.bearer(fresh) }, status(401, 'token_revoked_on_password_change'));
    if (other) await flow.step('the other device\'s token is refused', 'GET /auth/me', { headers: Flow.bearer(other) }, status(401, 'token_revoked_on_password_change'));
    const relogin = await flow.step('log in with the new password', 'POST /auth/login', { body: { identifier: email, password: 'contract-pass-2' } }, status(200));
    const current = bodyOf(relogin)?.token as string | undefined;
    if (!current) return;
    await flow.step('log out', 'POST /auth/logout', { headers: Flow.bearer(current) }, status(200));
    await flow.step('the logged-out token is refused', 'GET /auth/me', { headers: Flow.bearer(current) }, status(401, 'use_after_free'));
  },
};
