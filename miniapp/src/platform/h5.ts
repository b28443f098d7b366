import { call, notSupported, taroCommon } from './common';
import type { Platform, VoiceRecording } from './types';
import { browserAuthorisation, officialAccountLogin } from './wechat-browser';

/** The one recording format both a browser and the server accept (webm is not on the server's list). */
const VOICE_MIME = 'audio/mp4';

function canRecordVoice(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' &&
    typeof navigator !== 'undefined' &&
    navigator.mediaDevices?.getUserMedia !== undefined &&
    MediaRecorder.isTypeSupported(VOICE_MIME)
  );
}

async function startVoice(): Promise<VoiceRecording> {
  const stream = await call(() => navigator.mediaDevices.getUserMedia({ audio: true }));
  const recorder = new MediaRecorder(stream, { mimeType: VOICE_MIME });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise<void>((resolve) => {
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      resolve();
    };
  });
  recorder.start();
  return {
    async stop() {
      recorder.stop();
      await stopped;
      const blob = new Blob(chunks, { type: VOICE_MIME });
      return { path: URL.createObjectURL(blob), kind: 'audio', name: 'voice.m4a', size: blob.size };
    },
    cancel() {
      if (recorder.state !== 'inactive') recorder.stop();
    },
  };
}

/** Inside WeChat, with an official account named at build time: its silent OAuth signs people in. */
const officialAccount = officialAccountLogin(
  typeof navigator === 'undefined' ? '' : navigator.userAgent,
  WECHAT_OA_APP_ID,
);

/**
 * A browser page: no host app, so no login code, scanning, payment or subscribe messages. Opened
 * inside WeChat, it signs in through the official account's authorisation page when the build
 * names one.
 */
export const h5Platform: Platform = {
  channel: 'h5',
  capabilities: {
    loginCode: false,
    scan: false,
    voice: canRecordVoice(),
    video: true,
    pay: false,
    subscribe: false,
    phoneNumber: false,
  },
  login: officialAccount,
  authorisation: officialAccount === null ? null : browserAuthorisation,
  loginCode: () => notSupported('login code'),
  scanCode: () => notSupported('scanning'),
  startVoice: () => (canRecordVoice() ? startVoice() : notSupported('voice recording')),
  pay: () => notSupported('payment'),
  requestSubscribe: () => Promise.resolve({}),
  ...taroCommon,
};
