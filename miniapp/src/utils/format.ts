const pad = (value: number) => String(value).padStart(2, '0');

/** "11-30 16:05" in the device's time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "11-30 09:00–12:00" for an appointment window. */
export function formatWindow(start: string | null, end: string | null): string {
  if (!start) return '';
  const from = formatTime(start);
  if (!end) return from;
  const until = new Date(end);
  return `${from}–${pad(until.getHours())}:${pad(until.getMinutes())}`;
}

/** The device's calendar day as a date picker reads and writes it: "2026-11-30". */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A picker's day ("2026-11-30") and time ("09:00") as an instant in the device's time zone. */
export function localInstant(day: string, time: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(year!, month! - 1, date!, hours!, minutes!);
}
