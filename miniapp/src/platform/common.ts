import Taro from '@tarojs/taro';
import { ApiError, toApiError } from '../services/api-error';
import type { RawResponse } from '../services/http';
import type { PickedFile, Platform } from './types';

/**
 * The host apps report a dismissed picker or dialog only through errMsg ("…:fail cancel"), so
 * this one place reads it; everything else sees the CANCELLED code.
 */
export function platformError(error: unknown): ApiError {
  const errMsg = (error as { errMsg?: unknown } | null)?.errMsg;
  if (typeof errMsg === 'string' && /cancel/i.test(errMsg)) return new ApiError('CANCELLED', 0, errMsg);
  return toApiError(errMsg ?? error);
}

export async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw platformError(error);
  }
}

export function notSupported(what: string): Promise<never> {
  return Promise.reject(new ApiError('NOT_SUPPORTED', 0, `${what} is not available on this platform`));
}

function fileName(path: string, fallback: string): string {
  const last = path.split(/[\\/]/).pop() ?? '';
  return /\.[a-z0-9]+$/i.test(last) ? last : fallback;
}

/** Taro's own calls that behave the same on every platform. */
export const taroCommon: Pick<
  Platform,
  'chooseImages' | 'chooseVideo' | 'call' | 'uploadFile' | 'downloadFile'
> = {
  chooseImages: (count) =>
    call(async () => {
      const result = await Taro.chooseImage({
        count,
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      return result.tempFiles.map((file, index): PickedFile => ({
        path: file.path,
        kind: 'image',
        name:
          (file as { originalFileObj?: File }).originalFileObj?.name ??
          fileName(file.path, `photo-${index + 1}.jpg`),
        size: file.size,
      }));
    }),
  chooseVideo: () =>
    call(async () => {
      const result = await Taro.chooseVideo({ sourceType: ['album', 'camera'], maxDuration: 60 });
      return {
        path: result.tempFilePath,
        kind: 'video',
        name: fileName(result.tempFilePath, 'video.mp4'),
        size: result.size,
      };
    }),
  call: (phone) =>
    call(async () => {
      await Taro.makePhoneCall({ phoneNumber: phone });
    }),
  uploadFile: ({ url, file, fields, header }) =>
    call(async () => {
      const response = await Taro.uploadFile({
        url,
        filePath: file.path,
        name: 'file',
        fileName: file.name,
        formData: fields,
        header,
      } as Taro.uploadFile.Option);
      let data: unknown = response.data;
      try {
        data = JSON.parse(response.data);
      } catch {
        // Not JSON: errorFromResponse turns it into an UNEXPECTED_RESPONSE.
      }
      return { statusCode: response.statusCode, data } satisfies RawResponse;
    }),
  downloadFile: ({ url, header }) =>
    call(async () => {
      const response = await Taro.downloadFile({ url, header });
      if (response.statusCode >= 400) throw new ApiError('ATTACHMENT_NOT_FOUND', response.statusCode, url);
      return response.tempFilePath;
    }),
};
