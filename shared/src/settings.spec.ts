import {
  DEFAULT_COMMUNITY_SETTINGS,
  DEFAULT_FORM_SETTINGS,
  FORM_FIELDS,
  TIME_LIMIT_STEPS,
  checkReportAgainstForm,
  communitySettingsProblems,
  compileSensitiveWords,
  formFieldProblems,
  formSettingsProblems,
  maskSensitiveWords,
  mergeCommunitySettings,
  normalizeSensitiveWord,
  type CommunitySettings,
  type FormSettings,
} from './settings';

const withForm = (changes: Partial<FormSettings>): FormSettings => ({ ...DEFAULT_FORM_SETTINGS, ...changes });

const copy = (): CommunitySettings => JSON.parse(JSON.stringify(DEFAULT_COMMUNITY_SETTINGS));

describe('form settings', () => {
  it('has a default for every field, and the defaults are acceptable', () => {
    expect(Object.keys(DEFAULT_FORM_SETTINGS).sort()).toEqual([...FORM_FIELDS].sort());
    expect(formSettingsProblems(DEFAULT_FORM_SETTINGS)).toEqual([]);
  });

  it('requires contact, place, category and description by default, and offers the rest', () => {
    const required = FORM_FIELDS.filter((field) => DEFAULT_FORM_SETTINGS[field].required);
    expect(required.sort()).toEqual(['category', 'contactName', 'contactPhone', 'description', 'location']);
    expect(FORM_FIELDS.every((field) => DEFAULT_FORM_SETTINGS[field].show)).toBe(true);
  });

  it('refuses a required field that is hidden', () => {
    const problems = formFieldProblems(withForm({ video: { show: false, required: true } }));
    expect(Object.keys(problems)).toEqual(['video']);
    expect(formSettingsProblems(withForm({ video: { show: false, required: true } }))[0]).toContain('video');
  });

  it('accepts hiding or relaxing the optional fields', () => {
    const relaxed = withForm({
      contactName: { show: true, required: false },
      description: { show: false, required: false },
      voice: { show: false, required: false },
      images: { show: true, required: true },
    });
    expect(formSettingsProblems(relaxed)).toEqual([]);
  });

  it.each([
    ['location', { show: false, required: false }],
    ['location', { show: true, required: false }],
    ['category', { show: false, required: false }],
    ['category', { show: false, required: true }],
  ] as const)('never lets %s be hidden or optional (%j)', (field, setting) => {
    const problems = formFieldProblems(withForm({ [field]: setting }));
    expect(Object.keys(problems)).toEqual([field]);
  });

  it('names a missing field', () => {
    const partial = { ...DEFAULT_FORM_SETTINGS } as Partial<FormSettings>;
    delete partial.urgency;
    expect(Object.keys(formFieldProblems(partial as FormSettings))).toEqual(['urgency']);
  });
});

describe('checkReportAgainstForm', () => {
  it('passes a report that fills the required fields', () => {
    const present = {
      contactName: true,
      contactPhone: true,
      location: true,
      category: true,
      description: true,
    };
    expect(checkReportAgainstForm(DEFAULT_FORM_SETTINGS, present)).toEqual({ missing: [], hidden: [] });
  });

  it('lists the required fields a report lacks, false counting as absent', () => {
    const result = checkReportAgainstForm(DEFAULT_FORM_SETTINGS, {
      location: true,
      category: true,
      description: false,
    });
    expect(result.missing).toEqual(['contactName', 'contactPhone', 'description']);
  });

  it('lists the hidden fields a report carries', () => {
    const form = withForm({
      video: { show: false, required: false },
      voice: { show: false, required: false },
    });
    const result = checkReportAgainstForm(form, {
      contactName: true,
      contactPhone: true,
      location: true,
      category: true,
      description: true,
      video: true,
      voice: false,
    });
    expect(result).toEqual({ missing: [], hidden: ['video'] });
  });
});

describe('communitySettingsProblems', () => {
  it('accepts the defaults', () => {
    expect(communitySettingsProblems(DEFAULT_COMMUNITY_SETTINGS)).toEqual({});
  });

  it('has a default time limit for every step', () => {
    expect(Object.keys(DEFAULT_COMMUNITY_SETTINGS.timeLimits).sort()).toEqual([...TIME_LIMIT_STEPS].sort());
  });

  it('accepts null as "no limit" and "off"', () => {
    const settings = copy();
    settings.timeLimits.rating = null;
    settings.autoActions.autoDispatchAfterMinutes = null;
    settings.autoActions.escalateToAdminAfterMinutes = null;
    settings.autoActions.defaultRatingAfterDays = null;
    expect(communitySettingsProblems(settings)).toEqual({});
  });

  it.each([
    ['timeLimits.take', (s: CommunitySettings) => (s.timeLimits.take = 0)],
    ['timeLimits.start', (s: CommunitySettings) => (s.timeLimits.start = 43_201)],
    ['timeLimits.dispatch', (s: CommunitySettings) => (s.timeLimits.dispatch = 1.5)],
    [
      'autoActions.autoDispatchAfterMinutes',
      (s: CommunitySettings) => (s.autoActions.autoDispatchAfterMinutes = -1),
    ],
    ['autoActions.defaultRatingStars', (s: CommunitySettings) => (s.autoActions.defaultRatingStars = 6)],
    ['autoActions.defaultRatingStars', (s: CommunitySettings) => (s.autoActions.defaultRatingStars = 0)],
    ['autoActions.autoPassAfterHours', (s: CommunitySettings) => (s.autoActions.autoPassAfterHours = 721)],
    ['dispatch.maxOpenPerEngineer', (s: CommunitySettings) => (s.dispatch.maxOpenPerEngineer = 101)],
    ['dispatch.duplicateWindowHours', (s: CommunitySettings) => (s.dispatch.duplicateWindowHours = -1)],
    [
      'autoActions.escalateToAdminAfterMinutes',
      (s: CommunitySettings) => {
        s.autoActions.escalateToDispatcherAfterMinutes = 60;
        s.autoActions.escalateToAdminAfterMinutes = 30;
      },
    ],
    ['form.location', (s: CommunitySettings) => (s.form.location = { show: true, required: false })],
  ])('names %s when it is wrong', (path, change) => {
    const settings = copy();
    change(settings);
    expect(Object.keys(communitySettingsProblems(settings))).toEqual([path]);
  });
});

describe('mergeCommunitySettings', () => {
  it('gives the defaults for nothing stored', () => {
    expect(mergeCommunitySettings(null)).toEqual(DEFAULT_COMMUNITY_SETTINGS);
    expect(mergeCommunitySettings({})).toEqual(DEFAULT_COMMUNITY_SETTINGS);
  });

  it('lays stored values over the defaults field by field and drops unknown keys', () => {
    const merged = mergeCommunitySettings({
      form: { video: { show: false, required: false }, urgency: { required: true } },
      timeLimits: { rating: null },
      dispatch: { maxOpenPerEngineer: 9, retired: 1 } as never,
    });
    expect(merged.form.video).toEqual({ show: false, required: false });
    expect(merged.form.urgency).toEqual({ show: true, required: true });
    expect(merged.form.location).toEqual(DEFAULT_FORM_SETTINGS.location);
    expect(merged.timeLimits).toEqual({ ...DEFAULT_COMMUNITY_SETTINGS.timeLimits, rating: null });
    expect(merged.dispatch).toEqual({ maxOpenPerEngineer: 9, duplicateWindowHours: 72 });
    expect(merged.autoActions).toEqual(DEFAULT_COMMUNITY_SETTINGS.autoActions);
  });

  it('never shares objects with the defaults', () => {
    const merged = mergeCommunitySettings(null);
    merged.form.video.show = false;
    merged.timeLimits.take = 1;
    expect(DEFAULT_FORM_SETTINGS.video.show).toBe(true);
    expect(DEFAULT_COMMUNITY_SETTINGS.timeLimits.take).toBe(30);
  });
});

describe('sensitive words', () => {
  it('masks every occurrence with one star per Chinese character', () => {
    expect(maskSensitiveWords('你这个坏蛋，真是坏蛋', ['坏蛋'])).toBe('你这个**，真是**');
  });

  it('matches Latin letters regardless of case and keeps the original text elsewhere', () => {
    expect(maskSensitiveWords('What the HeLL, hello!', ['hell'])).toBe('What the ****, ****o!');
    expect(maskSensitiveWords('damn Damn DAMN', ['DaMn'])).toBe('**** **** ****');
  });

  it('masks the longest of overlapping words whole', () => {
    expect(maskSensitiveWords('你是傻瓜吗，傻', ['傻', '傻瓜'])).toBe('你是**吗，*');
    expect(maskSensitiveWords('你是傻瓜吗', ['傻瓜', '傻'])).toBe('你是**吗');
  });

  it('masks words that overlap without one containing the other', () => {
    expect(maskSensitiveWords('xabcdx', ['abc', 'cd'])).toBe('x****x');
    expect(maskSensitiveWords('aaaa', ['aa'])).toBe('****');
  });

  it('finds a word that starts inside a longer near-match (suffix links)', () => {
    expect(maskSensitiveWords('abcabd', ['abcabc', 'cab', 'bd'])).toBe('ab****');
    expect(maskSensitiveWords('他妈妈的', ['他妈的', '妈的'])).toBe('他妈**');
  });

  it('counts an emoji as one character, in the text and in a word', () => {
    expect(maskSensitiveWords('好😀坏人😀', ['坏人'])).toBe('好😀**😀');
    expect(maskSensitiveWords('气死了😡😡', ['😡'])).toBe('气死了**');
    expect(maskSensitiveWords('a😡b', ['😡b'])).toBe('a**');
  });

  it('ignores empty and blank words and trims the others', () => {
    expect(maskSensitiveWords('a b c', ['', '   ', ' b '])).toBe('a * c');
    expect(maskSensitiveWords('nothing here', [])).toBe('nothing here');
  });

  it('leaves text without matches unchanged', () => {
    expect(maskSensitiveWords('水龙头漏水', ['坏蛋', 'hell'])).toBe('水龙头漏水');
    expect(maskSensitiveWords('', ['坏蛋'])).toBe('');
  });

  it('reuses one compiled matcher for many texts', () => {
    const mask = compileSensitiveWords(['垃圾', 'spam']);
    expect(mask('垃圾物业')).toBe('**物业');
    expect(mask('SPAM spam')).toBe('**** ****');
    expect(mask('干净')).toBe('干净');
  });

  it('normalises a word for storage: trimmed, Latin capitals made small', () => {
    expect(normalizeSensitiveWord('  HeLLo世界 ')).toBe('hello世界');
    expect(normalizeSensitiveWord('😡A')).toBe('😡a');
  });

  it('agrees with masking each word separately on random texts', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % n;
    };
    const alphabet = ['a', 'B', 'b', '坏', '蛋', '😡'];
    const pick = (length: number) => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    const fold = (s: string) => Array.from(s, (c) => (/[A-Z]/.test(c) ? c.toLowerCase() : c));
    const naive = (text: string, words: string[]) => {
      const chars = Array.from(text);
      const folded = fold(text);
      const masked = chars.map(() => false);
      for (const word of words.map(fold)) {
        for (let i = 0; i + word.length <= folded.length; i += 1) {
          if (word.every((c, k) => folded[i + k] === c)) word.forEach((_, k) => (masked[i + k] = true));
        }
      }
      return chars.map((c, i) => (masked[i] ? '*' : c)).join('');
    };
    for (let round = 0; round < 300; round += 1) {
      const words = Array.from({ length: 1 + random(4) }, () => pick(1 + random(3)));
      const text = pick(random(20));
      expect(maskSensitiveWords(text, words)).toBe(naive(text, words));
    }
  });

  it('is fast: 1,000 words over 500-character texts', () => {
    const words = Array.from(
      { length: 1000 },
      (_, i) => `词${i}号${String.fromCharCode(0x4e00 + (i % 2000))}`,
    );
    const text = Array.from({ length: 500 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7) % 3000))).join(
      '',
    );
    const started = performance.now();
    const mask = compileSensitiveWords(words);
    for (let i = 0; i < 200; i += 1) mask(`${text.slice(0, 490)}词5号${String.fromCharCode(0x4e05)}`);
    const elapsed = performance.now() - started;
    expect(mask(`前词5号${String.fromCharCode(0x4e05)}后`)).toBe('前****后');
    expect(elapsed).toBeLessThan(500);
  });
});
