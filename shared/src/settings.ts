import type { SurchargeApprovalLevel } from './surcharges';

/**
 * Per-community configuration of the ticket workflow: the report form (F1.7, F9.8), time limits
 * per step (F2.9, F9.10), automatic actions, dispatch limits, and sensitive-word masking (F1.5).
 * The server validates and stores these; the apps draw the form from the same rules.
 */

/** The fields of the report form (F1.2), in the order the app shows them. */
export const FORM_FIELDS = [
  'contactName',
  'contactPhone',
  'location',
  'category',
  'description',
  'appointment',
  'urgency',
  'images',
  'video',
  'voice',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** Whether a field is on the form, and whether a report must fill it. */
export interface FormFieldSetting {
  show: boolean;
  required: boolean;
}

export type FormSettings = Record<FormField, FormFieldSetting>;

/** Fields dispatch cannot work without: always shown and always required. */
export const ALWAYS_REQUIRED_FORM_FIELDS: readonly FormField[] = ['location', 'category'];

/** Contact, place, category and description required; everything else offered but optional. */
export const DEFAULT_FORM_SETTINGS: FormSettings = {
  contactName: { show: true, required: true },
  contactPhone: { show: true, required: true },
  location: { show: true, required: true },
  category: { show: true, required: true },
  description: { show: true, required: true },
  appointment: { show: true, required: false },
  urgency: { show: true, required: false },
  images: { show: true, required: false },
  video: { show: true, required: false },
  voice: { show: true, required: false },
};

/** The steps that carry a time limit (F2.9), in the order a ticket goes through them. */
export const TIME_LIMIT_STEPS = ['dispatch', 'take', 'start', 'complete', 'acceptance', 'rating'] as const;
export type TimeLimitStep = (typeof TIME_LIMIT_STEPS)[number];

/** Minutes allowed for each step before it is overdue; null means no limit. */
export type TimeLimits = Record<TimeLimitStep, number | null>;

export const DEFAULT_TIME_LIMITS: TimeLimits = {
  dispatch: 30,
  take: 30,
  start: 240,
  complete: 1440,
  acceptance: 1440,
  rating: 4320,
};

/** What the system does by itself when people do not act; null turns an action off. */
export interface AutoActions {
  /** Dispatch a reported ticket automatically after this many minutes (0: at once). */
  autoDispatchAfterMinutes: number | null;
  /** Tell the dispatchers about an overdue step after this many minutes past its limit. */
  escalateToDispatcherAfterMinutes: number | null;
  /** Tell the community admins after this many minutes past the limit. */
  escalateToAdminAfterMinutes: number | null;
  /** Pass the acceptance check (验收) automatically after this many hours. */
  autoPassAfterHours: number | null;
  /** Rate the work automatically this many days after acceptance when the reporter has not. */
  defaultRatingAfterDays: number | null;
  /** The stars of that default rating, 1 to 5. */
  defaultRatingStars: number;
}

export const DEFAULT_AUTO_ACTIONS: AutoActions = {
  autoDispatchAfterMinutes: 5,
  escalateToDispatcherAfterMinutes: 30,
  escalateToAdminAfterMinutes: 120,
  autoPassAfterHours: null,
  defaultRatingAfterDays: 7,
  defaultRatingStars: 5,
};

/** Limits auto-dispatch and duplicate detection work within. */
export interface DispatchSettings {
  /** An engineer with this many open tickets gets no more automatically. */
  maxOpenPerEngineer: number;
  /** A report like an open one at the same place within this many hours is flagged (0: off). */
  duplicateWindowHours: number;
}

export const DEFAULT_DISPATCH_SETTINGS: DispatchSettings = {
  maxOpenPerEngineer: 5,
  duplicateWindowHours: 72,
};

/** How surcharges (F2.7) are approved and paid in a community. */
export interface SurchargeSettings {
  /** The approvals a surcharge needs, in order; empty: it goes to the resident at once. */
  approvalChain: SurchargeApprovalLevel[];
  /** Minutes a resident has to pay an agreed surcharge before its order is closed (R15: 5 or more). */
  payWithinMinutes: number;
  /** The largest total one surcharge may ask for. */
  maxTotalFen: number;
}

/** The dispatcher approves every surcharge, the admin from ¥200, HQ from ¥1,000. */
export const DEFAULT_SURCHARGE_SETTINGS: SurchargeSettings = {
  approvalChain: [
    { role: 'dispatcher', fromAmountFen: 0 },
    { role: 'admin', fromAmountFen: 20_000 },
    { role: 'hq_admin', fromAmountFen: 100_000 },
  ],
  payWithinMinutes: 30,
  maxTotalFen: 1_000_000,
};

/** Everything a community configures about its ticket workflow. */
export interface CommunitySettings {
  form: FormSettings;
  timeLimits: TimeLimits;
  autoActions: AutoActions;
  dispatch: DispatchSettings;
  surcharge: SurchargeSettings;
}

/** What a community without settings of its own works with. */
export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = {
  form: DEFAULT_FORM_SETTINGS,
  timeLimits: DEFAULT_TIME_LIMITS,
  autoActions: DEFAULT_AUTO_ACTIONS,
  dispatch: DEFAULT_DISPATCH_SETTINGS,
  surcharge: DEFAULT_SURCHARGE_SETTINGS,
};

/** Inclusive bounds of every number in the settings, and the sizes of the related lists. */
export const SETTINGS_LIMITS = {
  /** Any step's time limit, in minutes: one minute to 30 days. */
  timeLimitMinutes: { min: 1, max: 43_200 },
  autoDispatchAfterMinutes: { min: 0, max: 1_440 },
  /** Either escalation, in minutes past the limit: up to 7 days. */
  escalateAfterMinutes: { min: 1, max: 10_080 },
  autoPassAfterHours: { min: 1, max: 720 },
  defaultRatingAfterDays: { min: 1, max: 90 },
  defaultRatingStars: { min: 1, max: 5 },
  maxOpenPerEngineer: { min: 1, max: 100 },
  duplicateWindowHours: { min: 0, max: 720 },
  /** An unpaid order stays open at least 5 minutes (R15) and at most a week. */
  payWithinMinutes: { min: 5, max: 10_080 },
  /** A surcharge may ask for up to 100,000 yuan. */
  maxTotalFen: { min: 100, max: 10_000_000 },
  /** A level's threshold, like the total. */
  fromAmountFen: { min: 0, max: 10_000_000 },
  /** Characters (code points) of one sensitive word. */
  sensitiveWordMaxLength: 32,
  /** Words one bulk request may add. */
  sensitiveWordsBulkMax: 500,
  barReasonMaxLength: 200,
} as const;

/**
 * Problems of a form configuration, by field: required implies shown, and location and category
 * can never be hidden or optional. An empty object means the form is acceptable.
 */
export function formFieldProblems(settings: FormSettings): Partial<Record<FormField, string[]>> {
  const problems: Partial<Record<FormField, string[]>> = {};
  const add = (field: FormField, message: string) => {
    (problems[field] ??= []).push(message);
  };
  for (const field of FORM_FIELDS) {
    const setting = settings[field];
    if (setting === undefined) {
      add(field, `${field} is missing`);
      continue;
    }
    if (ALWAYS_REQUIRED_FORM_FIELDS.includes(field) && (!setting.show || !setting.required)) {
      add(field, `${field} must be shown and required: dispatch needs it`);
    } else if (setting.required && !setting.show) {
      add(field, `${field} cannot be required while hidden`);
    }
  }
  return problems;
}

/** The same problems as one list of messages, each naming its field; empty when acceptable. */
export function formSettingsProblems(settings: FormSettings): string[] {
  return Object.values(formFieldProblems(settings)).flat();
}

/**
 * Checks a report against the form: the required fields it lacks and the hidden fields it
 * carries. The server refuses either (FORM_FIELD_REQUIRED, FORM_FIELD_HIDDEN).
 */
export function checkReportAgainstForm(
  settings: FormSettings,
  present: Partial<Record<FormField, boolean>>,
): { missing: FormField[]; hidden: FormField[] } {
  const missing: FormField[] = [];
  const hidden: FormField[] = [];
  for (const field of FORM_FIELDS) {
    const setting = settings[field];
    const given = present[field] === true;
    if (setting.required && !given) missing.push(field);
    if (!setting.show && given) hidden.push(field);
  }
  return { missing, hidden };
}

type Bounds = { readonly min: number; readonly max: number };

function rangeProblem(name: string, value: number | null, bounds: Bounds, nullable: boolean): string | null {
  if (value === null) return nullable ? null : `${name} must be a number`;
  if (!Number.isInteger(value)) return `${name} must be a whole number`;
  if (value < bounds.min || value > bounds.max) {
    return `${name} must be between ${bounds.min} and ${bounds.max}`;
  }
  return null;
}

/**
 * Every problem of a complete settings object, keyed by the path of the field (`form.location`,
 * `autoActions.defaultRatingStars`, …): the form rules, each number's range, and that escalation
 * reaches the admins no sooner than the dispatchers. An empty object means the settings are valid.
 */
export function communitySettingsProblems(settings: CommunitySettings): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (path: string, message: string | null) => {
    if (message !== null) (problems[path] ??= []).push(message);
  };
  for (const [field, messages] of Object.entries(formFieldProblems(settings.form))) {
    for (const message of messages) add(`form.${field}`, message);
  }
  for (const step of TIME_LIMIT_STEPS) {
    add(
      `timeLimits.${step}`,
      rangeProblem(step, settings.timeLimits[step] ?? null, SETTINGS_LIMITS.timeLimitMinutes, true),
    );
  }
  const auto = settings.autoActions;
  const autoRanges: [keyof AutoActions, Bounds, boolean][] = [
    ['autoDispatchAfterMinutes', SETTINGS_LIMITS.autoDispatchAfterMinutes, true],
    ['escalateToDispatcherAfterMinutes', SETTINGS_LIMITS.escalateAfterMinutes, true],
    ['escalateToAdminAfterMinutes', SETTINGS_LIMITS.escalateAfterMinutes, true],
    ['autoPassAfterHours', SETTINGS_LIMITS.autoPassAfterHours, true],
    ['defaultRatingAfterDays', SETTINGS_LIMITS.defaultRatingAfterDays, true],
    ['defaultRatingStars', SETTINGS_LIMITS.defaultRatingStars, false],
  ];
  for (const [name, bounds, nullable] of autoRanges) {
    add(`autoActions.${name}`, rangeProblem(name, auto[name] ?? null, bounds, nullable));
  }
  if (
    auto.escalateToDispatcherAfterMinutes !== null &&
    auto.escalateToAdminAfterMinutes !== null &&
    auto.escalateToAdminAfterMinutes < auto.escalateToDispatcherAfterMinutes
  ) {
    add(
      'autoActions.escalateToAdminAfterMinutes',
      'escalateToAdminAfterMinutes must not be sooner than escalateToDispatcherAfterMinutes',
    );
  }
  add(
    'dispatch.maxOpenPerEngineer',
    rangeProblem(
      'maxOpenPerEngineer',
      settings.dispatch.maxOpenPerEngineer,
      SETTINGS_LIMITS.maxOpenPerEngineer,
      false,
    ),
  );
  add(
    'dispatch.duplicateWindowHours',
    rangeProblem(
      'duplicateWindowHours',
      settings.dispatch.duplicateWindowHours,
      SETTINGS_LIMITS.duplicateWindowHours,
      false,
    ),
  );
  const surcharge = settings.surcharge;
  add(
    'surcharge.payWithinMinutes',
    rangeProblem('payWithinMinutes', surcharge.payWithinMinutes, SETTINGS_LIMITS.payWithinMinutes, false),
  );
  add(
    'surcharge.maxTotalFen',
    rangeProblem('maxTotalFen', surcharge.maxTotalFen, SETTINGS_LIMITS.maxTotalFen, false),
  );
  surcharge.approvalChain.forEach((level, index) => {
    add(
      `surcharge.approvalChain.${index}.fromAmountFen`,
      rangeProblem('fromAmountFen', level.fromAmountFen, SETTINGS_LIMITS.fromAmountFen, false),
    );
    const previous = surcharge.approvalChain[index - 1];
    if (previous !== undefined && level.fromAmountFen < previous.fromAmountFen)
      add(
        `surcharge.approvalChain.${index}.fromAmountFen`,
        'each level must start at or above the one before',
      );
  });
  return problems;
}

/** Settings as stored: possibly written before a field existed, so any part may be absent. */
export interface StoredCommunitySettings {
  form?: { [F in FormField]?: Partial<FormFieldSetting> };
  timeLimits?: Partial<TimeLimits>;
  autoActions?: Partial<AutoActions>;
  dispatch?: Partial<DispatchSettings>;
  surcharge?: Partial<SurchargeSettings>;
}

function mergeSection<T extends object>(defaults: T, stored: Partial<T> | null | undefined): T {
  const merged = { ...defaults };
  if (stored === undefined || stored === null) return merged;
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = stored[key];
    if (value !== undefined) merged[key] = value as T[keyof T];
  }
  return merged;
}

/**
 * Stored settings laid over the defaults, field by field: a field added to the product later
 * takes its default in communities that saved their settings before; unknown keys are dropped.
 */
export function mergeCommunitySettings(
  stored: StoredCommunitySettings | null | undefined,
): CommunitySettings {
  const form = {} as FormSettings;
  for (const field of FORM_FIELDS) {
    form[field] = mergeSection(DEFAULT_FORM_SETTINGS[field], stored?.form?.[field]);
  }
  return {
    form,
    timeLimits: mergeSection(DEFAULT_TIME_LIMITS, stored?.timeLimits),
    autoActions: mergeSection(DEFAULT_AUTO_ACTIONS, stored?.autoActions),
    dispatch: mergeSection(DEFAULT_DISPATCH_SETTINGS, stored?.dispatch),
    surcharge: mergeSection(DEFAULT_SURCHARGE_SETTINGS, stored?.surcharge),
  };
}

/** Latin capitals match their small letters; every other code point matches only itself. */
function foldCodePoint(codePoint: number): number {
  return codePoint >= 0x41 && codePoint <= 0x5a ? codePoint + 0x20 : codePoint;
}

function codePointsOf(text: string): number[] {
  return Array.from(text, (character) => foldCodePoint(character.codePointAt(0)!));
}

/**
 * The form a sensitive word is stored and compared in: trimmed, Latin capitals made small.
 * Two words with the same normal form are the same word.
 */
export function normalizeSensitiveWord(word: string): string {
  return String.fromCodePoint(...codePointsOf(word.trim()));
}

/**
 * Builds a masker for a word list once (an Aho–Corasick automaton over code points), so each
 * text is scanned in one pass however many words there are. The masker replaces every
 * occurrence of every word with one '*' per character (code point): Chinese characters and
 * emoji count one each. Latin letters match regardless of case; empty and blank words are
 * ignored. Where words overlap ('傻' and '傻瓜'), every character of every occurrence is masked,
 * so the longest match is always masked whole.
 */
export function compileSensitiveWords(words: readonly string[]): (text: string) => string {
  // Node 0 is the root; each node maps a code point to its child.
  const next: Map<number, number>[] = [new Map()];
  // Length of the longest word ending at this node (itself or through its suffix links).
  const longest: number[] = [0];
  const fail: number[] = [0];
  for (const word of words) {
    const points = codePointsOf(word.trim());
    if (points.length === 0) continue;
    let node = 0;
    for (const point of points) {
      let child = next[node]!.get(point);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        longest.push(0);
        fail.push(0);
        next[node]!.set(point, child);
      }
      node = child;
    }
    longest[node] = Math.max(longest[node]!, points.length);
  }
  if (next.length === 1) return (text) => text;

  // Breadth-first, so every node's suffix link is final before its children are linked.
  const queue: number[] = [];
  for (const child of next[0]!.values()) queue.push(child);
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    for (const [point, child] of next[node]!) {
      let link = fail[node]!;
      while (link !== 0 && !next[link]!.has(point)) link = fail[link]!;
      fail[child] = next[link]!.get(point) ?? 0;
      longest[child] = Math.max(longest[child]!, longest[fail[child]!]!);
      queue.push(child);
    }
  }

  return (text) => {
    const characters = Array.from(text);
    const endingHere = new Array<number>(characters.length).fill(0);
    let node = 0;
    let found = false;
    for (let i = 0; i < characters.length; i += 1) {
      const point = foldCodePoint(characters[i]!.codePointAt(0)!);
      while (node !== 0 && !next[node]!.has(point)) node = fail[node]!;
      node = next[node]!.get(point) ?? 0;
      if (longest[node]! > 0) {
        endingHere[i] = longest[node]!;
        found = true;
      }
    }
    if (!found) return text;
    // Walk back from the end: a match of length L ending at i covers i-L+1 … i.
    let cover = 0;
    for (let i = characters.length - 1; i >= 0; i -= 1) {
      cover = Math.max(cover, endingHere[i]!);
      if (cover > 0) {
        characters[i] = '*';
        cover -= 1;
      }
    }
    return characters.join('');
  };
}

/** Masks the words in one text; to mask many texts with the same words, compile them once. */
export function maskSensitiveWords(text: string, words: readonly string[]): string {
  return compileSensitiveWords(words)(text);
}
