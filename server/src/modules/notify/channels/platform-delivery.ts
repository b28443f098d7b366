import { Injectable } from '@nestjs/common';
import type { PlatformAppKind } from '@smart-repair/shared';
import { DataSource } from 'typeorm';
import { PlatformIdentityEntity } from '../../identity/entities/platform-identity.entity';
import { PlatformAppsService, type ResolvedPlatformApp } from '../../../platforms/platform-apps.service';
import { PlatformTokensService } from '../../../platforms/platform-tokens.service';
import { PlatformError, requestPlatformJson, type PlatformName } from '../../../platforms/token-clients';
import { DeliverySkipped, PermanentDeliveryError } from '../delivery-channel';
import type { OutboxMessageEntity } from '../entities/outbox-message.entity';

/** What every platform message carries, written by TicketNotifications into the payload. */
export interface PlatformPayload {
  title: string;
  body: string;
  ticketId?: string;
  number?: string;
  status?: string;
  location?: string;
  time?: string;
  /** The mini-program page the message opens. */
  page?: string;
}

/** The app to send with and the person's account on it. */
export interface Addressee {
  app: ResolvedPlatformApp;
  /** openid (WeChat) or userid (WeCom, DingTalk). */
  subject: string;
}

/**
 * What the platform channels share: finding the organisation's app and the recipient's account on
 * it, calling with the app's token (refreshed and retried once when refused), and sorting the
 * platform's failures into retry-later and give-up.
 */
@Injectable()
export class PlatformDelivery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly apps: PlatformAppsService,
    private readonly tokens: PlatformTokensService,
  ) {}

  /** The app and account to reach the recipient with; DeliverySkipped when there is none. */
  async addressee(message: OutboxMessageEntity, kind: PlatformAppKind): Promise<Addressee> {
    const app = await this.apps.forOrganization(message.organizationId, kind);
    if (app === null) throw new DeliverySkipped(`the organisation has no active ${kind} app`, 'no_app');
    const identity = await this.dataSource.getRepository(PlatformIdentityEntity).findOne({
      select: { subject: true },
      where: {
        userId: message.recipientId,
        organizationId: message.organizationId,
        kind,
        appId: app.appId,
      },
      order: { createdAt: 'ASC' },
    });
    if (identity === null)
      throw new DeliverySkipped(`the recipient has no account on the ${kind} app`, 'no_account');
    return { app, subject: identity.subject };
  }

  /**
   * POSTs JSON to `${apiBase}${path}?access_token=…` with the app's token. Answers the body on
   * success; a failure the platform calls final becomes PermanentDeliveryError (or what
   * `classify` makes of it), anything else is thrown as it is, to be retried with backoff.
   */
  async post(
    platform: PlatformName,
    app: ResolvedPlatformApp,
    path: string,
    json: unknown,
    classify: (error: PlatformError) => Error | 'sent' | undefined = () => undefined,
  ): Promise<Record<string, unknown> | 'sent'> {
    try {
      return await this.tokens.call(app.tokenApp, (token) =>
        requestPlatformJson(platform, `${app.apiBase}${path}?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          json,
        }),
      );
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const decided = classify(error);
      if (decided === 'sent') return 'sent';
      if (decided !== undefined) throw decided;
      if (error.retryable || isTokenTrouble(error)) throw error;
      throw new PermanentDeliveryError(error.message, error.code);
    }
  }
}

/** A token refused even after a fresh one was fetched: more likely a hiccup than a final answer. */
function isTokenTrouble(error: PlatformError): boolean {
  return [40001, 40014, 42001, 'InvalidAuthentication', 'token_refresh_busy'].includes(error.code);
}

/** Cuts text to at most `max` characters, marking the cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
