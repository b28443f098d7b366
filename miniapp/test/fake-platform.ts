import type { Platform } from '../src/platform';

/**
 * A host app for tests: what `../src/platform` exports, replaced at the module boundary with
 * jest.mock('<path>/platform', () => ({ platform: fakePlatform })). Each test sets what it needs.
 */
export const fakePlatform = {
  channel: 'wecom',
  capabilities: {
    loginCode: true,
    scan: false,
    voice: false,
    video: false,
    pay: false,
    subscribe: false,
    phoneNumber: false,
  },
  login: { kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06' },
  authorisation: null,
  loginCode: jest.fn(),
  scanCode: jest.fn(),
  chooseImages: jest.fn(),
  chooseVideo: jest.fn(),
  startVoice: jest.fn(),
  pay: jest.fn(),
  call: jest.fn(),
  requestSubscribe: jest.fn(),
  uploadFile: jest.fn(),
  downloadFile: jest.fn(),
} satisfies Platform as Platform & {
  loginCode: jest.Mock;
  pay: jest.Mock;
  requestSubscribe: jest.Mock;
};

/** Codes the host app hands out one after another ("code-1", "code-2", …): each is single use. */
export function codesInOrder(): void {
  let issued = 0;
  fakePlatform.loginCode.mockImplementation(() => Promise.resolve(`code-${++issued}`));
}
