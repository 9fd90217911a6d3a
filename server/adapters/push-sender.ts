// Push delivery to one device token. The FCM HTTP v1 implementation is in fcm.ts; the default
// sender of the demo records a delivery without any network.
import { randomUUID } from 'node:crypto';

export interface PushMessage {
  title: string;
  body: string;
  data: Record<string, string>;
}

export type PushResult =
  | { ok: true; response: string }
  | {
      ok: false;
      response: string | null;
      error: string;
      /** The provider says the token is not (or no longer) registered: stop using it. */
      tokenInvalid: boolean;
      /** The provider refused the message itself: every token would refuse it. */
      messageInvalid: boolean;
    };

export interface PushSender {
  send(token: string, message: PushMessage): Promise<PushResult>;
}

/** The provider cannot be used at all (credentials refused, token endpoint unreachable). */
export class PushProviderError extends Error {
  override name = 'PushProviderError';
}

/** Accepts every message without sending it anywhere (development and demo). */
export const recordingPushSender: PushSender = {
  async send() {
    return { ok: true, response: JSON.stringify({ name: `projects/demo/messages/${randomUUID()}` }) };
  },
};
