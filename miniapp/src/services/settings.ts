import type { FormSettings } from '@smart-repair/shared';
import { request } from './http';

/** The report form of a community (F1.7): which fields it shows and requires. */
export function reportForm(communityId: string): Promise<FormSettings> {
  return request<FormSettings>('GET', `/communities/${communityId}/report-form`);
}
