import { fenToYuanText, formatFen, yuanToFen } from './money';

describe('yuan to fen', () => {
  it.each([
    ['35', 3500],
    ['35.5', 3550],
    ['35.50', 3550],
    ['0.01', 1],
    ['¥ 121', 12_100],
    [' 60.5 ', 6050],
    ['35.', 3500],
    ['0.29', 29],
    ['1.13', 113],
  ])('reads %j as %d fen, exactly', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it.each(['', ' ', '-1', '1.005', 'abc', '1,000', '.5', '1e3', '12.3.4', '1234567890'])(
    'refuses %j',
    (text) => {
      expect(yuanToFen(text)).toBeNull();
    },
  );

  it('shows fen back as yuan text and as money', () => {
    expect(fenToYuanText(3550)).toBe('35.50');
    expect(fenToYuanText(12_000)).toBe('120');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(formatFen(12_100)).toBe('¥121.00');
  });
});
