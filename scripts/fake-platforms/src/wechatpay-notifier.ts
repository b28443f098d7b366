import type {
  NotificationAttempt,
  NotificationFaults,
  NotificationForgery,
  SignedNotification,
} from './wechatpay-types';

/**
 * WeChat Pay's redelivery schedule after a failed or unanswered notification, in seconds:
 * 15 s, 15 s, 30 s, 3 min, 10 min, 20 min, 30 min, 30 min, 30 min, 60 min, 3 h, 3 h, 3 h, 6 h, 6 h
 * (15 retries, 24 h 4 min in all). The fake multiplies it by `timeScale`.
 */
export const NOTIFY_RETRY_SECONDS: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

/** One event to deliver; `build` signs a fresh copy for every attempt. */
export interface NotificationEvent {
  eventId: string;
  eventType: string;
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  build(forge?: NotificationForgery): SignedNotification;
}

interface PendingFault {
  remaining: number;
  faults: NotificationFaults;
}

/** Posts notifications to our notify_url with retries, and the faults tests ask for. */
export class Notifier {
  private readonly log: NotificationAttempt[] = [];
  private readonly faults: PendingFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private held: { event: NotificationEvent; faults: NotificationFaults }[] | undefined;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: { timeScale: number; replyTimeoutMs: number; now: () => number }) {}

  send(event: NotificationEvent): void {
    const fault = this.faults.find((f) => f.remaining > 0);
    if (fault) fault.remaining -= 1;
    const faults = fault?.faults ?? {};
    if (faults.lose) {
      this.record(event, 0, -1, faults.forge);
      return;
    }
    if (this.held) {
      this.held.push({ event, faults });
      return;
    }
    this.dispatch(event, faults);
  }

  faultNext(n: number, faults: NotificationFaults): void {
    this.faults.push({ remaining: n, faults });
  }

  hold(): void {
    this.held ??= [];
  }

  release(reverse: boolean): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const { event, faults } of reverse ? [...held].reverse() : held) this.dispatch(event, faults);
  }

  attempts(): NotificationAttempt[] {
    return this.log.map((attempt) => ({ ...attempt }));
  }

  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.inFlight = 0;
    this.settle();
  }

  private dispatch(event: NotificationEvent, faults: NotificationFaults): void {
    this.inFlight += 1;
    const start = (): void => {
      for (let copy = 0; copy < (faults.duplicate ?? 0); copy += 1) {
        this.inFlight += 1;
        void this.attempt(event, 0, faults.forge, false);
      }
      void this.attempt(event, 0, faults.forge, faults.forge === undefined);
    };
    if (faults.delayMs) this.later(faults.delayMs, start);
    else start();
  }

  /** One try; a refused or unanswered genuine notification is tried again on the schedule. */
  private async attempt(
    event: NotificationEvent,
    attempt: number,
    forge: NotificationForgery | undefined,
    retries: boolean,
  ): Promise<void> {
    if (this.closed) return;
    const notification = event.build(forge);
    let status = 0;
    try {
      const response = await fetch(notification.url, {
        method: 'POST',
        headers: notification.headers,
        body: notification.body,
        signal: AbortSignal.timeout(this.options.replyTimeoutMs),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    if (this.closed) return;
    this.record(event, attempt, status, forge);
    const delivered = status >= 200 && status < 300;
    if (!delivered && retries && attempt < NOTIFY_RETRY_SECONDS.length) {
      const wait = NOTIFY_RETRY_SECONDS[attempt]! * 1000 * this.options.timeScale;
      this.later(wait, () => void this.attempt(event, attempt + 1, forge, true));
      return;
    }
    this.inFlight -= 1;
    this.settle();
  }

  private later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  private record(
    event: NotificationEvent,
    attempt: number,
    status: number,
    forged: NotificationForgery | undefined,
  ): void {
    this.log.push({
      eventId: event.eventId,
      eventType: event.eventType,
      outTradeNo: event.outTradeNo,
      ...(event.outRefundNo === undefined ? {} : { outRefundNo: event.outRefundNo }),
      url: event.url,
      attempt,
      status,
      ...(forged === undefined ? {} : { forged }),
      at: new Date(this.options.now()),
    });
  }

  private settle(): void {
    if (this.inFlight > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
