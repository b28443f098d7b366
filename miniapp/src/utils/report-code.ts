/** What a device or place QR code (F1.3, F5) fills in on the report form. */
export interface ReportCode {
  communityId?: string;
  locationId?: string;
  categoryId?: string;
}

const KEYS: Record<string, keyof ReportCode> = {
  communityId: 'communityId',
  locationId: 'locationId',
  categoryId: 'categoryId',
};

/**
 * Reads a scanned code: a link to the report page (H5 or mini-program path) with locationId,
 * categoryId and communityId in its query, or the bare query. Unknown keys are ignored.
 */
export function parseReportCode(text: string): ReportCode {
  const query = text.includes('?') ? text.slice(text.lastIndexOf('?') + 1) : text;
  const code: ReportCode = {};
  for (const pair of query.split('&')) {
    const [rawKey, rawValue] = pair.split('=');
    const key = rawKey === undefined ? undefined : KEYS[decodeURIComponent(rawKey)];
    if (key && rawValue) code[key] = decodeURIComponent(rawValue);
  }
  return code;
}

/**
 * The code a page was opened with: its own query (communityId, locationId, categoryId), or WeChat's
 * `q` — the scanned link, encoded — when a plain-link QR code opened the mini program.
 */
export function codeFromPageParams(params: Record<string, string | undefined>): ReportCode {
  const scanned = params.q ? parseReportCode(safeDecode(params.q)) : {};
  const own = parseReportCode(
    Object.entries(params)
      .filter(([key, value]) => key !== 'q' && value !== undefined)
      .map(([key, value]) => `${key}=${encodeURIComponent(safeDecode(value!))}`)
      .join('&'),
  );
  return { ...scanned, ...own };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The code as a page query ("communityId=…&locationId=…"), '' when empty. */
export function codeQuery(code: ReportCode): string {
  return Object.entries(code)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${encodeURIComponent(value as string)}`)
    .join('&');
}

/** The next appointment windows a resident can choose, from `now`. */
export function appointmentWindows(
  now: Date,
): { value: string; label: string; start: string; end: string }[] {
  const windows: { value: string; label: string; start: string; end: string }[] = [];
  const days = [
    { offset: 0, name: '今天' },
    { offset: 1, name: '明天' },
    { offset: 2, name: '后天' },
  ];
  const parts = [
    { from: 9, to: 12, name: '上午' },
    { from: 14, to: 18, name: '下午' },
  ];
  for (const day of days) {
    for (const part of parts) {
      const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + day.offset, part.from);
      const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + day.offset, part.to);
      if (end.getTime() <= now.getTime()) continue;
      windows.push({
        value: `${day.offset}-${part.from}`,
        label: `${day.name}${part.name} ${part.from}:00–${part.to}:00`,
        start: start.toISOString(),
        end: end.toISOString(),
      });
    }
  }
  return windows;
}
