// Taro's H5 API for the tests, plus the page hooks the React runtime adds when a real app starts
// (Jest renders components without that runtime).
import * as api from '@tarojs/taro-h5';
import { useEffect } from 'react';

export * from '@tarojs/taro-h5';

/** The default export pages call (Taro.showToast…): every API on one object tests can spy on. */
const Taro = { ...(api as unknown as { default: object }).default, ...api };
export default Taro;

let routerParams: Record<string, string> = {};

/** The query the next rendered page reads from useRouter(). */
export function setRouterParams(params: Record<string, string>): void {
  routerParams = params;
}

export function useRouter() {
  return { params: routerParams, path: '' };
}

/** Runs once, as the page's first show does. */
export function useDidShow(callback: () => void): void {
  useEffect(callback, []);
}

export function useDidHide(): void {}
