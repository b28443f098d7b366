import Taro from '@tarojs/taro';
import type { SessionUser, TokenPair } from '../services/types';

const STORAGE_KEY = 'smart-repair.session';

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
  /** The community the person works in now (their first one until they switch). */
  communityId: string | null;
}

type Listener = (session: Session | null) => void;

let current: Session | null | undefined;
const listeners = new Set<Listener>();

function load(): Session | null {
  try {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (typeof stored === 'object' && stored !== null && 'accessToken' in stored) return stored as Session;
  } catch {
    // Storage may be unavailable (private mode); the person simply logs in again.
  }
  return null;
}

function save(next: Session | null): void {
  current = next;
  try {
    if (next === null) Taro.removeStorageSync(STORAGE_KEY);
    else Taro.setStorageSync(STORAGE_KEY, next);
  } catch {
    // Kept in memory for this visit.
  }
  listeners.forEach((listener) => listener(next));
}

/** The logged-in person and their tokens, kept in the platform's storage across visits. */
export const sessionStore = {
  get(): Session | null {
    if (current === undefined) current = load();
    return current;
  },
  start(tokens: TokenPair, user: SessionUser): Session {
    const session: Session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      user,
      communityId: user.roles.find((grant) => grant.communityId !== null)?.communityId ?? null,
    };
    save(session);
    return session;
  },
  /** New tokens from a refresh, same person. */
  renew(tokens: TokenPair): void {
    const session = this.get();
    if (session !== null)
      save({ ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  },
  update(patch: Partial<Pick<Session, 'user' | 'communityId'>>): void {
    const session = this.get();
    if (session !== null) save({ ...session, ...patch });
  },
  clear(): void {
    save(null);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
