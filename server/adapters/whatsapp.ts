// OTP delivery through a WhatsApp gateway (Fonnte-style HTTP API): POST the target number and the
// Indonesian message text with the account token; the gateway answers `{"status": true}` when it
// accepted the message. Anything else, or no answer in time, is a failed delivery.
import { OtpDeliveryError, otpText, type OtpSender } from './otp-sender.js';

export interface WhatsAppOptions {
  url: string;
  token: string;
  timeoutMs: number;
}

export function whatsappOtpSender({ url, token, timeoutMs }: WhatsAppOptions): OtpSender {
  return {
    async send(message) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { Authorization: token, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ target: message.destination, message: otpText(message), countryCode: '0' }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
        throw new OtpDeliveryError(`WhatsApp gateway unreachable: ${reason}`);
      }
      const body = (await response.json().catch(() => undefined)) as { status?: boolean; reason?: string } | undefined;
      if (!response.ok || body?.status !== true) {
        throw new OtpDeliveryError(`WhatsApp gateway refused the message (${response.status}${body?.reason ? `: ${body.reason}` : ''})`);
      }
    },
  };
}
