import { DEFAULT_FORM_SETTINGS, type CommunitySettings, type FormSettings } from '@smart-repair/shared';
import { ApiError } from './api-error';
import { request } from './http';

/**
 * The report form of a community (F1.7). Residents may not read the workflow settings; for them
 * the default form is shown and the server still refuses what the community's form does not allow.
 */
export async function reportForm(communityId: string): Promise<FormSettings> {
  try {
    const settings = await request<CommunitySettings>('GET', `/communities/${communityId}/settings`);
    return settings.form;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'PERMISSION_DENIED') return DEFAULT_FORM_SETTINGS;
    throw error;
  }
}
