// Sending one notification to a user's device tokens: the notification and a pending delivery per
// token are stored first (in a caller's transaction when it must be committed with something else,
// such as a payment), then each delivery records the provider's answer. A token the provider
// reports unregistered is deactivated.
import type { Kysely } from 'kysely';
import type { PushMessage, PushSender } from '../adapters/push-sender.js';
import type { Database } from '../db/schema.js';
import { jakartaDateTime, type Clock } from '../shared/clock.js';
import type { FcmTokenRow, NotificationRepository } from './repository.js';

export interface DeliverySummary {
  target: number;
  success: number;
  failed: number;
  invalid_tokens: number;
  /** The provider refused the message itself (the same for every token): its reason. */
  messageRejected?: string;
}

export interface NotificationInput {
  userId: number;
  type: string;
  referenceType?: string;
  referenceId?: number;
  message: PushMessage;
  /** Extra fields of the stored payload (e.g. no_services). */
  payload?: Record<string, string>;
}

export function notificationDelivery(notifications: NotificationRepository, sender: PushSender, clock: Clock) {
  const now = () => jakartaDateTime(clock.now());

  /** Stores the notification with a pending delivery per token (in a transaction of its own, or in
   * the caller's `trx`). The returned function sends them, records each answer and sums them up. */
  async function record(input: NotificationInput, tokens: FcmTokenRow[], trx?: Kysely<Database>): Promise<() => Promise<DeliverySummary>> {
    const { message } = input;
    const created = now();
    const { deliveryIds } = await notifications.createWithDeliveries({
      user_id: input.userId,
      title: message.title,
      body: message.body,
      type: input.type,
      reference_type: input.referenceType ?? null,
      reference_id: input.referenceId ?? null,
      data_payload: JSON.stringify({ payload: { ...input.payload, ...message.data, title: message.title, body: message.body } }),
      created_at: created,
      updated_at: created,
    }, tokens.map((t) => t.id), trx);
    return () => send(message, tokens, deliveryIds);
  }

  async function send(message: PushMessage, tokens: FcmTokenRow[], deliveryIds: number[]): Promise<DeliverySummary> {
    const summary: DeliverySummary = { target: tokens.length, success: 0, failed: 0, invalid_tokens: 0 };
    for (const [i, token] of tokens.entries()) {
      const result = await sender.send(token.token, message);
      const at = now();
      if (result.ok) {
        summary.success++;
        await notifications.recordDelivery(deliveryIds[i]!, { status: 'sent', response: result.response, error_message: null, sent_at: at, updated_at: at });
        continue;
      }
      summary.failed++;
      await notifications.recordDelivery(deliveryIds[i]!, { status: 'failed', response: result.response, error_message: result.error, sent_at: null, updated_at: at });
      if (result.tokenInvalid) {
        summary.invalid_tokens++;
        await notifications.deactivateTokenId(token.id, at);
      }
      if (result.messageInvalid) summary.messageRejected = result.error;
    }
    return summary;
  }

  return {
    record,
    /** Stores the notification, then sends it. */
    deliver: async (input: NotificationInput, tokens: FcmTokenRow[]): Promise<DeliverySummary> => (await record(input, tokens))(),
  };
}

export type NotificationDelivery = ReturnType<typeof notificationDelivery>;
