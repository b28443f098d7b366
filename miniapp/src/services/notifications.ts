import type { SubscribeResult } from '@smart-repair/shared';
import { request } from './http';
import type { Consents } from './types';

export const notificationsApi = {
  consents: (appId?: string) => request<Consents>('GET', '/notifications/consents', { query: { appId } }),
  /** What requestSubscribeMessage answered, template by template. */
  recordConsents: (results: Record<string, SubscribeResult>, appId?: string) =>
    request<Consents>('POST', '/notifications/consents', {
      body: appId ? { appId, results } : { results },
    }),
};
