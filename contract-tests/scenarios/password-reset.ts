// forgot-password, verify-otp and reset-password on a fresh customer, when the target echoes the
// OTP (sandbox): the OTP works once, and the reset ends every session of the account.
import { bodyOf } from '../session.js';
import { writesFreely } from '../profiles.js';
import { registerCustomer } from '../world.js';
import { Flow, status, statusAnd, type Scenario } from './scenario.js';

export const passwordReset: Scenario = {
  name: 'password reset',
  skipReason: (session) => {
    if (!session.config.otpEcho) return 'configure otpEcho: true for a target that returns the OTP (sandbox)';
    return writesFreely(session.config.profile) ? undefined : 'it sends OTP messages: reference and staging profiles only';
  },
  async run(flow) {
    const account = await registerCustomer(flow.session, 'reset');
    if (!account) return;
    const { noServices } = account;
    const unknown = statusAnd(404, 'not_found', (b) => b.status === 'not_found');
    await flow.step('an unknown customer', 'POST /auth/forgot-password', { body: { no_services: 'NOSUCHCUSTOMER404' } }, unknown);
    await flow.step('an unknown customer cannot verify', 'POST /auth/verify-otp', { body: { no_services: 'NOSUCHCUSTOMER404', otp: '123456' } }, unknown);
    await flow.step('nor reset', 'POST /auth/reset-password', { body: { no_services: 'NOSUCHCUSTOMER404', otp: '123456', password: 'whatever1', password_confirmation: 'whatever1' } }, unknown);
    const forgot = await flow.step('ask for an OTP', 'POST /auth/forgot-password', { body: { no_services: noServices } },
      statusAnd(200, 'a 6-digit otp', (b) => /^\d{6}$/.test(b.otp ?? '')));
    const otp = bodyOf(forgot)?.otp as string | undefined;
    if (!otp) return;
    const before = bodyOf(await flow.step('log in before the reset', 'POST /auth/login', { body: { identifier: account.email, password: account.password } }, status(200)))?.token as string | undefined;
    const wrong = otp === '000000' ? '111111' : '000000';
    await flow.step('a wrong OTP is refused', 'POST /auth/verify-otp', { body: { no_services: noServices, otp: wrong } }, statusAnd(422, 'failed', (b) => b.status === 'failed'));
    await flow.step('the OTP verifies', 'POST /auth/verify-otp', { body: { no_services: noServices, otp } }, status(200));
    await flow.step('reset the password', 'POST /auth/reset-password', { body: { no_services: noServices, otp, password: 'reset-pass-9', password_confirmation: 'reset-pass-9' } }, status(200));
    for (const [label, token] of [['the registration\'s', account.token], ['the login\'s', before]] as const) {
      if (token) await flow.step(`${label} token from before the reset is refused`, 'GET /auth/me', { headers: Flow.bearer(token) }, status(401, 'token_revoked_on_password_change'));
    }
    await flow.step('log in with the new password', 'POST /auth/login', { body: { identifier: account.email, password: 'reset-pass-9' } }, status(200));
    await flow.step('the used OTP is refused', 'POST /auth/reset-password', { body: { no_services: noServices, otp, password: 'again-pass-9', password_confirmation: 'again-pass-9' } },
      status(422, 'use_after_free'));
  },
};
