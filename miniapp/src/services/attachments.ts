import { platform, type PickedFile } from '../platform';
import { errorFromResponse } from './api-error';
import { accessToken, API_BASE, buildUrl, sendAuthorized } from './http';
import type { Attachment } from './types';

/** Uploads one picked file for a community; the ticket that names its id claims it. */
export async function uploadAttachment(communityId: string, file: PickedFile): Promise<Attachment> {
  const response = await sendAuthorized((token) =>
    platform.uploadFile({
      url: buildUrl('/attachments'),
      file,
      fields: { communityId },
      header: token === null ? {} : { authorization: `Bearer ${token}` },
    }),
  );
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data as Attachment;
  throw errorFromResponse(response.statusCode, response.data);
}

/** A protected attachment as a local path the Image component can show. */
export function attachmentSource(url: string): Promise<string> {
  const token = accessToken();
  return platform.downloadFile({
    url: `${API_BASE}${url}`,
    header: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}
