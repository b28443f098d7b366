/// <reference types="@tarojs/taro" />

declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform being built, set by the Taro CLI (and by Jest's setup). */
    TARO_ENV: 'weapp' | 'swan' | 'qywx' | 'dd' | 'h5';
    /** The API's address for the mini-program builds (H5 calls its own server). */
    TARO_APP_API_BASE?: string;
    /** The DingTalk organisation whose auth codes the dd build asks for. */
    TARO_APP_DINGTALK_CORP_ID?: string;
    /** WeChat mini-program appid (Taro's own name for it). */
    TARO_APP_ID?: string;
    TARO_APP_WECOM_CORP_ID?: string;
    TARO_APP_DINGTALK_APP_KEY?: string;
    TARO_APP_BAIDU_APP_KEY?: string;
    /** The WeChat official account the H5 page signs in with when opened inside WeChat. */
    TARO_APP_WECHAT_OA_APPID?: string;
  }
}

/** The host app's public id this build signs in with ('' when none is configured); see config/index.ts. */
declare const PLATFORM_APP_ID: string;

/**
 * The WeChat official account's appid the H5 build signs in with inside WeChat ('' when none, and
 * on every other build); see config/index.ts.
 */
declare const WECHAT_OA_APP_ID: string;
