import type { AttachmentKind, PlatformAppKind, SubscribeResult, TicketChannel } from '@smart-repair/shared';
import type { RawResponse } from '../services/http';

/** A file the person picked or recorded, still on the device. */
export interface PickedFile {
  /** A path the platform can upload from (a temp path, or a blob: URL on H5). */
  path: string;
  kind: AttachmentKind;
  name: string;
  size?: number;
}

/** A voice note being recorded; stop() ends it and gives the file. */
export interface VoiceRecording {
  stop(): Promise<PickedFile>;
  cancel(): void;
}

/** What the platform's payment call needs, as the server prepares it (WeChat Pay's requestPayment). */
export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA' | 'MD5' | 'HMAC-SHA256';
  paySign: string;
}

/** The host app this build signs in with: the kind the server knows it by and its public id. */
export interface PlatformLogin {
  kind: PlatformAppKind;
  appId: string;
}

/** What the authorisation page sent the person back with: its `code` and the `state` it echoes. */
export interface AuthorisationAnswer {
  code: string | null;
  state: string | null;
}

/**
 * Signing in by a round trip through the host's authorisation page instead of a login code: the
 * H5 page opened inside WeChat, with the official account's silent OAuth. The page leaves for the
 * address the server gives, and WeChat sends the person back to `returnAddress()` with
 * `?code=…&state=…`.
 */
export interface RedirectAuthorisation {
  /** Where to come back to: this page's address, without a previous answer. */
  returnAddress(): string;
  /** A new random state, kept (for this tab) until the person comes back. */
  newState(): string;
  /** The state kept before leaving, forgotten as it is read; null when none was kept. */
  takeState(): string | null;
  /** The answer in this page's address, removed from it as it is read; null when there is none. */
  takeAnswer(): AuthorisationAnswer | null;
  /** Leaves this page for the authorisation page (it replaces this page in the history). */
  open(url: string): void;
}

/** What this build can do; pages hide what it cannot, rather than test which platform they run on. */
export interface PlatformCapabilities {
  loginCode: boolean;
  scan: boolean;
  voice: boolean;
  video: boolean;
  pay: boolean;
  subscribe: boolean;
  /** WeChat's getPhoneNumber button. */
  phoneNumber: boolean;
}

/** Everything that differs between WeChat, WeCom, DingTalk, Baidu and H5. Rejects with ApiError. */
export interface Platform {
  /** The channel a report from this build is recorded with (F1.1). */
  channel: TicketChannel;
  capabilities: PlatformCapabilities;
  /**
   * How this build signs in silently; null when the build names no host app, and on H5 except
   * inside WeChat with an official account.
   */
  login: PlatformLogin | null;
  /**
   * Set when the sign-in goes through the host's authorisation page (H5 inside WeChat) rather
   * than a login code; null everywhere else.
   */
  authorisation: RedirectAuthorisation | null;
  /** A one-time login code from the host app (wx.login, qy.login, dd.getAuthCode, swan.getLoginCode). */
  loginCode(): Promise<string>;
  /** Scan a QR code; resolves with its text. */
  scanCode(): Promise<string>;
  chooseImages(count: number): Promise<PickedFile[]>;
  chooseVideo(): Promise<PickedFile>;
  startVoice(): Promise<VoiceRecording>;
  pay(params: PaymentParams): Promise<void>;
  call(phone: string): Promise<void>;
  /**
   * Ask consent for subscribe messages (WeChat allows it only inside a tap); resolves with each
   * template's answer (accept, reject, ban, filter), or nothing where there are no such messages.
   */
  requestSubscribe(templateIds: readonly string[]): Promise<Record<string, SubscribeResult>>;
  uploadFile(request: {
    url: string;
    file: PickedFile;
    fields: Record<string, string>;
    header: Record<string, string>;
  }): Promise<RawResponse>;
  /** Fetch a protected file to a local path the Image component can show. */
  downloadFile(request: { url: string; header: Record<string, string> }): Promise<string>;
}
