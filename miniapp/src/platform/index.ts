import { h5Platform } from './h5';
import { miniPlatform } from './mini';
import type { Platform } from './types';

/** This build's platform. TARO_ENV is fixed at build time, so only one branch is kept. */
export const platform: Platform = process.env.TARO_ENV === 'h5' ? h5Platform : miniPlatform;

export type {
  AuthorisationAnswer,
  PaymentParams,
  PickedFile,
  Platform,
  PlatformCapabilities,
  PlatformLogin,
  RedirectAuthorisation,
  VoiceRecording,
} from './types';
