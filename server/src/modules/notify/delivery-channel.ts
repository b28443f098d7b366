import type { OutboxMessageEntity } from './entities/outbox-message.entity';

/** One way of reaching a person: the in-app inbox, WeChat subscribe messages, WeCom cards, … */
export interface DeliveryChannel {
  readonly name: string;
  /**
   * Delivers the message; throws to have it retried later, PermanentDeliveryError to give up,
   * DeliverySkipped when there is nothing to send it with (the inbox still has it).
   */
  deliver(message: OutboxMessageEntity): Promise<void>;
}

/** Injection token of every channel the worker can deliver through. */
export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

/** The platform's code for a failure, when it gave one (errcode, `timeout`, `http_503` …). */
export interface CodedError {
  readonly code?: string | number;
}

/** A failure that retrying cannot fix (no such channel, a recipient the platform refuses). */
export class PermanentDeliveryError extends Error implements CodedError {
  override name = 'PermanentDeliveryError';

  constructor(
    message: string,
    readonly code?: string | number,
  ) {
    super(message);
  }
}

/**
 * Not sent, on purpose and for good: the person has no account on the platform, no subscribe
 * consent left, or the organisation has no app there. Not an error of the platform's.
 */
export class DeliverySkipped extends Error implements CodedError {
  override name = 'DeliverySkipped';

  constructor(
    message: string,
    readonly code?: string | number,
  ) {
    super(message);
  }
}
