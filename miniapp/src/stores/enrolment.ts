import type { CommunityChoice } from '../services/types';
import type { ReportCode } from '../utils/report-code';

/** A new resident's pending choice of community, handed from the login page to the picker. */
export interface PendingEnrolment {
  enrolment: string;
  communities: CommunityChoice[];
  /** The QR code the app was opened with, to go on to after joining. */
  code: ReportCode;
}

let pending: PendingEnrolment | null = null;

/** Held in memory only: the token lasts ten minutes, and a restarted app simply signs in again. */
export const enrolmentStore = {
  get: (): PendingEnrolment | null => pending,
  set: (next: PendingEnrolment): void => {
    pending = next;
  },
  clear: (): void => {
    pending = null;
  },
};
