export { formatFen } from '@smart-repair/shared';

/**
 * The one place a typed amount in yuan becomes integer fen: "35", "35.5", "35.50" and "¥35.50"
 * are 3550. Read digit by digit, never through a float (0.1 + 0.2 is not 0.3 in floats); more
 * than two decimals, a sign, or anything that is not an amount answers null.
 */
export function yuanToFen(text: string): number | null {
  const match = /^\s*¥?\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (match === null) return null;
  const yuan = Number(match[1]);
  const fen = Number((match[2] ?? '').padEnd(2, '0'));
  return yuan * 100 + fen;
}

/** Fen as the yuan text an input shows: 3550 → "35.50", 12000 → "120". */
export function fenToYuanText(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return rest === 0 ? String(yuan) : `${yuan}.${String(rest).padStart(2, '0')}`;
}
