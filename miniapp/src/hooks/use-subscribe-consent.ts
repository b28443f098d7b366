import { useCallback, useEffect, useRef } from 'react';
import { platform } from '../platform';
import { notificationsApi } from '../services/notifications';
import type { Consents } from '../services/types';

/** WeChat shows at most three one-time templates in one consent dialog. */
const TEMPLATES_PER_DIALOG = 3;

/** The templates worth asking for now: those with the fewest messages left, three at most. */
export function templatesToAsk(consents: Consents): string[] {
  return [...consents.templates]
    .sort((a, b) => a.remaining - b.remaining)
    .slice(0, TEMPLATES_PER_DIALOG)
    .map((template) => template.templateId);
}

/**
 * Subscribe-message consent (WeChat only; elsewhere a no-op). The templates are loaded when the
 * screen opens, because WeChat shows the dialog only from inside a tap: `ask()` is called first
 * thing in the tap that submits a report or pays, and whatever the person answers is recorded.
 * It never fails and never holds up what the tap does next for longer than the dialog.
 */
export function useSubscribeConsent(): () => Promise<void> {
  const templates = useRef<string[]>([]);

  useEffect(() => {
    if (!platform.capabilities.subscribe) return;
    notificationsApi
      .consents(platform.login?.appId)
      .then((consents) => {
        templates.current = templatesToAsk(consents);
      })
      .catch(() => undefined);
  }, []);

  return useCallback(async () => {
    if (!platform.capabilities.subscribe || templates.current.length === 0) return;
    try {
      const results = await platform.requestSubscribe(templates.current);
      if (Object.keys(results).length > 0)
        await notificationsApi.recordConsents(results, platform.login?.appId);
    } catch {
      // Declined, dismissed or offline: the person simply gets no subscribe messages.
    }
  }, []);
}
