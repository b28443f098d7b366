import { platform } from '../platform';
import { toApiError, type ApiError } from './api-error';
import { linkPlatformIdentity, platformLogin } from './auth';
import type { CommunityChoice, PlatformIdentity, SessionUser } from './types';

/** Where signing in with the host app ended. */
export type HostSignIn =
  | { step: 'signed_in'; user: SessionUser }
  | { step: 'choose_community'; enrolment: string; communities: CommunityChoice[] }
  /**
   * The password login is needed: the build has no host app (`unavailable`), the person's staff
   * account on it is not linked yet (`not_linked`), or the platform or network failed (`failed`).
   */
  | { step: 'password'; reason: 'unavailable' | 'not_linked' | 'failed'; error?: ApiError };

/**
 * Signs in silently with the host app (wx.login, qy.login, dd.getAuthCode, swan.getLoginCode):
 * POST /api/auth/platform-login with this build's app and a fresh code. A QR code's community goes
 * along, so a new resident joins it without choosing. Never rejects.
 */
export async function signInWithHostApp(communityId?: string): Promise<HostSignIn> {
  const app = platform.login;
  if (app === null) return { step: 'password', reason: 'unavailable' };
  try {
    const code = await platform.loginCode();
    const result = await platformLogin({ ...app, code }, communityId);
    return result.outcome === 'signed_in'
      ? { step: 'signed_in', user: result.session.user }
      : { step: 'choose_community', enrolment: result.enrolment, communities: result.communities };
  } catch (caught) {
    const error = toApiError(caught);
    return error.code === 'PLATFORM_ACCOUNT_NOT_LINKED'
      ? { step: 'password', reason: 'not_linked' }
      : { step: 'password', reason: 'failed', error };
  }
}

/**
 * After a password login in a host app that did not know the person: links their account there
 * with a fresh code (a code is single use), so next time they are signed in silently.
 */
export async function linkHostAccount(): Promise<PlatformIdentity> {
  const app = platform.login;
  if (app === null) throw toApiError(new Error('no host app'));
  const code = await platform.loginCode();
  return linkPlatformIdentity({ ...app, code });
}
