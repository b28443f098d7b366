import type { OutboxMessageEntity } from './entities/outbox-message.entity';

/** One way of reaching a person: the in-app inbox, WeChat subscribe messages, WeCom cards, … */
export interface DeliveryChannel {
  readonly name: string;
  /** Delivers the message; throws to have it retried later, PermanentDeliveryError to give up. */
  deliver(message: OutboxMessageEntity): Promise<void>;
}

/** Injection token of every channel the worker can deliver through. */
export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

/** A failure that retrying cannot fix (no such channel, a recipient the platform refuses). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
