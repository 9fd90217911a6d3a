// Delivery of password-reset OTPs. The reference server's default sender writes the message to
// the log; a deployment plugs in a real channel (WhatsApp gateway).
import type { Logger } from '../shared/logger.js';

/** What an OTP message carries: nothing a user wrote. A registered name of several lines
 * ("TAGIHAN ANDA MENUNGGAK ... transfer ke ...") in the greeting made the official sender a relay
 * for anyone's text to any number. */
export interface OtpMessage {
  destination: string; // phone number with country code, digits only
  otp: string;
}

export interface OtpSender {
  /** Resolves once the provider accepted the message; rejects when it did not. */
  send(message: OtpMessage): Promise<void>;
}

export class OtpDeliveryError extends Error {
  override name = 'OtpDeliveryError';
}

export function otpText({ otp }: OtpMessage): string {
  return `Kode OTP reset password JWI Anda: ${otp}. Berlaku 5 menit. Jangan berikan kode ini kepada siapa pun.`;
}

/** Records each OTP message to the log instead of sending it (development and demo). */
export function logOtpSender(logger: Logger): OtpSender {
  return {
    async send(message) {
      logger.info({ destination: message.destination, text: otpText(message) }, 'OTP message (log sender, not delivered)');
    },
  };
}
