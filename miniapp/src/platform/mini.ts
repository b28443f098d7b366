import Taro from '@tarojs/taro';
import {
  SUBSCRIBE_RESULTS,
  type PlatformAppKind,
  type SubscribeResult,
  type TicketChannel,
} from '@smart-repair/shared';
import { call, notSupported, taroCommon } from './common';
import type { PickedFile, Platform, PlatformLogin, VoiceRecording } from './types';

const CHANNELS: Record<string, TicketChannel> = {
  weapp: 'wechat',
  qywx: 'wecom',
  dd: 'dingtalk',
  swan: 'baidu',
};

/** The kind of app each mini-program build signs in through (POST /api/auth/platform-login). */
const LOGIN_KINDS: Record<string, PlatformAppKind> = {
  weapp: 'wechat_miniprogram',
  qywx: 'wecom',
  dd: 'dingtalk',
  swan: 'baidu',
};

const loginKind = LOGIN_KINDS[process.env.TARO_ENV];
const login: PlatformLogin | null =
  loginKind !== undefined && PLATFORM_APP_ID !== '' ? { kind: loginKind, appId: PLATFORM_APP_ID } : null;

/** Host-app globals Taro does not wrap: WeCom's login and DingTalk's auth code. */
declare const wx: {
  qy?: { login(options: { success(r: { code: string }): void; fail(e: unknown): void }): void };
};
declare const dd: {
  getAuthCode(options: {
    corpId?: string;
    success(r: { authCode: string }): void;
    fail(e: unknown): void;
  }): void;
};

declare const swan: {
  getLoginCode(options: { success(r: { code: string }): void; fail(e: unknown): void }): void;
};

function hostLoginCode(): Promise<string> {
  switch (process.env.TARO_ENV) {
    case 'qywx':
      return new Promise((resolve, reject) =>
        wx.qy!.login({ success: (result) => resolve(result.code), fail: reject }),
      );
    case 'dd':
      return new Promise((resolve, reject) =>
        dd.getAuthCode({
          corpId: process.env.TARO_APP_DINGTALK_CORP_ID,
          success: (result) => resolve(result.authCode),
          fail: reject,
        }),
      );
    case 'swan':
      return new Promise((resolve, reject) =>
        swan.getLoginCode({ success: (result) => resolve(result.code), fail: reject }),
      );
    default:
      return Taro.login().then((result) => result.code);
  }
}

function startVoice(): Promise<VoiceRecording> {
  const manager = Taro.getRecorderManager();
  return new Promise((resolveStart, rejectStart) => {
    let finish: ((file: PickedFile) => void) | undefined;
    let fail: ((error: unknown) => void) | undefined;
    manager.onStart(() =>
      resolveStart({
        stop: () =>
          new Promise<PickedFile>((resolve, reject) => {
            finish = resolve;
            fail = reject;
            manager.stop();
          }),
        cancel: () => manager.stop(),
      }),
    );
    manager.onStop((result) => finish?.({ path: result.tempFilePath, kind: 'audio', name: 'voice.aac' }));
    manager.onError((error) => (fail ?? rejectStart)(error));
    manager.start({ duration: 60_000, format: 'aac' });
  });
}

/** WeChat, WeCom, DingTalk and Baidu: Taro's calls, plus what only the host app offers. */
export const miniPlatform: Platform = {
  channel: CHANNELS[process.env.TARO_ENV] ?? 'wechat',
  capabilities: {
    loginCode: login !== null,
    scan: true,
    voice: true,
    video: true,
    pay: process.env.TARO_ENV === 'weapp',
    subscribe: process.env.TARO_ENV === 'weapp',
    phoneNumber: process.env.TARO_ENV === 'weapp',
  },
  login,
  authorisation: null,
  loginCode: () => call(hostLoginCode),
  scanCode: () =>
    call(async () => {
      const result = await Taro.scanCode({ onlyFromCamera: false });
      return result.result;
    }),
  startVoice: () => call(startVoice),
  pay: (params) =>
    process.env.TARO_ENV === 'weapp'
      ? call(async () => {
          await Taro.requestPayment(params);
        })
      : notSupported('payment'),
  requestSubscribe: (templateIds) =>
    process.env.TARO_ENV === 'weapp' && templateIds.length > 0
      ? call(async () => {
          const result = (await Taro.requestSubscribeMessage({
            tmplIds: [...templateIds],
          } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, unknown>;
          // The answer also carries errMsg; keep the templates' own answers only.
          const answers: Record<string, SubscribeResult> = {};
          for (const id of templateIds) {
            const answer = result[id];
            if ((SUBSCRIBE_RESULTS as readonly unknown[]).includes(answer))
              answers[id] = answer as SubscribeResult;
          }
          return answers;
        })
      : Promise.resolve({}),
  ...taroCommon,
};
