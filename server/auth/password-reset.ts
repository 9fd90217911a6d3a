// Password reset by OTP: forgot-password creates a 6-digit OTP (stored as an HMAC, valid 5
// minutes) and sends it; verify-otp checks it; reset-password uses it up and ends every session of
// the account. Wrong guesses are counted and void the OTP at the limit.
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';
import type { components } from '../../generated/server-api.js';
import { OtpDeliveryError, type OtpSender } from '../adapters/otp-sender.js';
import { AppError } from '../errors.js';
import { epochSeconds, jakartaDateTime, type Clock } from '../shared/clock.js';
import { requireConfirmation, type Abandoned, type PasswordHasher } from './passwords.js';
import type { otpRepository, userRepository, UserRow } from './repository.js';

type Schemas = components['schemas'];

export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_WRONG_GUESSES = 5;

interface Deps {
  users: ReturnType<typeof userRepository>;
  otps: ReturnType<typeof otpRepository>;
  passwords: PasswordHasher;
  sender: OtpSender;
  clock: Clock;
  /** The server's secret (JWT_SECRET); the OTP key is derived from it, never the signing key itself. */
  secret: string;
  echoOtp: boolean;
}

/** The key of the OTP HMACs: derived from the server secret for this one purpose (HKDF), so that the
 * token signing key is used for nothing else. */
export const otpKey = (secret: string): Buffer => Buffer.from(hkdfSync('sha256', secret, 'jwi-reference-server', 'password-reset OTP HMAC', 32));

/** The WhatsApp number: the phone, with the country code in front unless it is there already. */
export function otpDestination(user: Pick<UserRow, 'phone' | 'phonecode'>): string {
  const phone = String(user.phone);
  const code = String(user.phonecode);
  return phone.startsWith(code) ? phone : code + phone;
}

/** The destination as the response shows it: enough for the owner to recognise (62812****789), not
 * enough for whoever typed a customer number to learn the phone number. */
export const maskedDestination = (number: string): string => number.slice(0, 5) + '*'.repeat(Math.max(0, number.length - 8)) + number.slice(-3);

const customerNotFound = () => AppError.status(404, 'not_found', 'Data pelanggan tidak ditemukan.');
const otpInvalid = () => AppError.status(422, 'failed', 'Kode OTP tidak valid atau sudah digunakan.');

export function passwordResetService(deps: Deps) {
  const { users, otps, clock } = deps;
  const key = otpKey(deps.secret);
  const digest = (userId: number, otp: string) => createHmac('sha256', key).update(`${userId}:${otp}`).digest();

  /** The user and their live OTP when `otp` matches it; counts a wrong guess otherwise. */
  async function check(noServices: string, otp: string) {
    const user = await users.findByNoServices(noServices);
    if (!user) throw customerNotFound();
    const live = await otps.findLive(user.id, epochSeconds(clock.now()));
    if (!live) throw otpInvalid();
    const stored = Buffer.from(live.code_hash, 'hex');
    if (!timingSafeEqual(stored, digest(user.id, otp))) {
      await otps.countWrongGuess(live.id, OTP_MAX_WRONG_GUESSES);
      throw otpInvalid();
    }
    return { user, live };
  }

  return {
    async forgot({ no_services }: Schemas['ForgotPasswordRequest']): Promise<Schemas['OtpIssued']> {
      const user = await users.findByNoServices(no_services);
      if (!user) throw customerNotFound();
      const destination = otpDestination(user);
      const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = clock.now();
      const id = await otps.replace({
        user_id: user.id,
        code_hash: digest(user.id, otp).toString('hex'),
        destination,
        attempts: 0,
        expires_at: epochSeconds(now) + OTP_TTL_SECONDS,
        consumed: 0,
        created_at: jakartaDateTime(now),
      });
      try {
        await deps.sender.send({ destination, otp });
      } catch (error) {
        // Nothing half-written: an OTP that never reached the customer must not stay valid.
        await otps.remove(id);
        if (error instanceof OtpDeliveryError) throw AppError.status(502, 'failed', 'Gagal mengirim kode OTP. Silakan coba lagi.');
        throw error;
      }
      return {
        status: 'success',
        message: 'Kode OTP berhasil dibuat.',
        destination: maskedDestination(destination),
        ...(deps.echoOtp ? { otp } : {}),
      };
    },

    async verify({ no_services, otp }: Schemas['VerifyOtpRequest']): Promise<Schemas['StatusSuccess']> {
      await check(no_services, otp);
      return { status: 'success', message: 'Kode OTP valid.' };
    },

    async reset(input: Schemas['ResetPasswordRequest'], abandoned?: Abandoned): Promise<Schemas['StatusSuccess']> {
      requireConfirmation(input.password, input.password_confirmation);
      const { user, live } = await check(input.no_services, input.otp);
      const passwordHash = await deps.passwords.hash(input.password, abandoned);
      if (!(await users.resetPassword(user.id, live.id, passwordHash, jakartaDateTime(clock.now())))) throw otpInvalid();
      return { status: 'success', message: 'Password berhasil direset.' };
    },
  };
}
