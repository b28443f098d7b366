import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { messageFor } from '../constants/messages';
import { toApiError } from '../services/api-error';

/**
 * Runs one action at a time: busy while it runs, a toast with the error's text (chosen by its code)
 * when it fails. Resolves with the result, or undefined when it failed or was cancelled.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(work: () => Promise<T>, success?: string): Promise<T | undefined> => {
    setBusy(true);
    try {
      const result = await work();
      if (success) void Taro.showToast({ title: success, icon: 'success' });
      return result;
    } catch (caught) {
      const error = toApiError(caught);
      if (error.code !== 'CANCELLED') void Taro.showToast({ title: messageFor(error.code), icon: 'none' });
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
