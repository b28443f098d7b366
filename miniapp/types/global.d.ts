/// <reference types="@tarojs/taro" />

declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform being built, set by the Taro CLI (and by Jest's setup). */
    TARO_ENV: 'weapp' | 'swan' | 'h5';
  }
}
