import { platform, type PlatformLogin, type RedirectAuthorisation } from '../platform';
import { ApiError, toApiError } from './api-error';
import { linkPlatformIdentity, platformLogin, wechatOauthUrl } from './auth';
import type { CommunityChoice, PlatformIdentity, PlatformLoginResult, SessionUser } from './types';

/** Where signing in with the host app ended. */
export type HostSignIn =
  | { step: 'signed_in'; user: SessionUser }
  | { step: 'choose_community'; enrolment: string; communities: CommunityChoice[] }
  /** The page is leaving for the host's authorisation page, which brings the person back. */
  | { step: 'redirecting' }
  /**
   * The password login is needed: the build has no host app (`unavailable`), the person's staff
   * account on it is not linked yet (`not_linked`), or the platform or network failed (`failed`).
   */
  | { step: 'password'; reason: 'unavailable' | 'not_linked' | 'failed'; error?: ApiError };

/**
 * Signs in silently with the host app (wx.login, qy.login, dd.getAuthCode, swan.getLoginCode):
 * POST /api/auth/platform-login with this build's app and a fresh code. A QR code's community goes
 * along, so a new resident joins it without choosing. On H5 inside WeChat the code comes from the
 * official account's authorisation page instead (see signInByAuthorisation). Never rejects.
 */
export async function signInWithHostApp(communityId?: string): Promise<HostSignIn> {
  const app = platform.login;
  if (app === null) return { step: 'password', reason: 'unavailable' };
  if (platform.authorisation !== null) return signInByAuthorisation(app, platform.authorisation, communityId);
  try {
    const code = await platform.loginCode();
    return outcomeOf(await platformLogin({ ...app, code }, communityId));
  } catch (caught) {
    const error = toApiError(caught);
    return error.code === 'PLATFORM_ACCOUNT_NOT_LINKED'
      ? { step: 'password', reason: 'not_linked' }
      : { step: 'password', reason: 'failed', error };
  }
}

function outcomeOf(result: PlatformLoginResult): HostSignIn {
  return result.outcome === 'signed_in'
    ? { step: 'signed_in', user: result.session.user }
    : { step: 'choose_community', enrolment: result.enrolment, communities: result.communities };
}

/**
 * The round trip through the official account's authorisation (H5 inside WeChat). Opened without
 * an answer, the page keeps a random state and leaves for the address the server gives, asking to
 * come back here. Back with `code` and that same state, it signs in with the code. Another state
 * (a forged or stale link) or a refused code ends at the password login, saying why; trying again
 * makes a new round trip. Unlinked staff are told to use their password: linking the official
 * account needs another round trip, which this page does not make.
 */
async function signInByAuthorisation(
  app: PlatformLogin,
  authorisation: RedirectAuthorisation,
  communityId: string | undefined,
): Promise<HostSignIn> {
  try {
    const answer = authorisation.takeAnswer();
    const expected = authorisation.takeState();
    if (answer === null) {
      const state = authorisation.newState();
      authorisation.open(await wechatOauthUrl(app.appId, authorisation.returnAddress(), state));
      return { step: 'redirecting' };
    }
    if (expected === null || answer.state !== expected)
      throw new ApiError('SIGN_IN_STATE_MISMATCH', 0, 'state does not match the one sent');
    if (!answer.code) throw new ApiError('PLATFORM_CODE_INVALID', 0, 'no code in the answer');
    return outcomeOf(await platformLogin({ ...app, code: answer.code }, communityId));
  } catch (caught) {
    return { step: 'password', reason: 'failed', error: toApiError(caught) };
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
