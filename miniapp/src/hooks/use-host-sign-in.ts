import { useCallback, useEffect, useRef, useState } from 'react';
import { platform } from '../platform';
import { linkHostAccount, signInWithHostApp, type HostSignIn } from '../services/platform-session';

export type HostSignInState = HostSignIn | { step: 'signing_in' };

/**
 * The login page's sign-in: on a mini-program build it signs in with the host app as soon as the
 * page opens; the password form is for H5, for staff not linked yet, and for when that failed.
 */
export function useHostSignIn(communityId?: string) {
  const [state, setState] = useState<HostSignInState>(() =>
    platform.login === null ? { step: 'password', reason: 'unavailable' } : { step: 'signing_in' },
  );
  const latest = useRef(0);

  const start = useCallback(async () => {
    const attempt = ++latest.current;
    setState({ step: 'signing_in' });
    const result = await signInWithHostApp(communityId);
    if (attempt === latest.current) setState(result);
    return result;
  }, [communityId]);

  useEffect(() => {
    if (platform.login !== null) void start();
  }, [start]);

  /**
   * Call after a password login succeeded: when the host app did not know this person, their
   * account there is linked now. Resolves with whether it was linked; a failure never undoes the
   * login (the person can link later from 我的).
   */
  const afterPasswordLogin = useCallback(async (): Promise<boolean> => {
    if (state.step !== 'password' || state.reason !== 'not_linked') return false;
    try {
      await linkHostAccount();
      return true;
    } catch {
      return false;
    }
  }, [state]);

  return { state, retry: start, afterPasswordLogin };
}
