import { appointmentWindows, codeFromPageParams, codeQuery, parseReportCode } from './report-code';

describe('report codes', () => {
  it('reads place and category from a scanned link', () => {
    expect(
      parseReportCode('https://repair.example.com/#/resident/pages/report/index?locationId=L1&categoryId=C1'),
    ).toEqual({ locationId: 'L1', categoryId: 'C1' });
  });

  it('reads a bare query and ignores keys it does not know', () => {
    expect(parseReportCode('communityId=K1&locationId=L%201&x=1')).toEqual({
      communityId: 'K1',
      locationId: 'L 1',
    });
  });

  it('gives nothing for a code that is not ours', () => {
    expect(parseReportCode('hello')).toEqual({});
  });
});

describe('appointment windows', () => {
  it('offers only windows that have not ended, mornings and afternoons of three days', () => {
    const windows = appointmentWindows(new Date(2026, 10, 30, 13, 0));
    expect(windows.map((window) => window.label)).toEqual([
      '今天下午 14:00–18:00',
      '明天上午 9:00–12:00',
      '明天下午 14:00–18:00',
      '后天上午 9:00–12:00',
      '后天下午 14:00–18:00',
    ]);
    expect(new Date(windows[0]!.start).getHours()).toBe(14);
  });
});

describe('codes a page was opened with', () => {
  it('reads WeChat’s q, the scanned link, and lets the page’s own query win', () => {
    const link = encodeURIComponent('https://repair.example.com/r?communityId=K1&locationId=L1');
    expect(codeFromPageParams({ q: link, categoryId: 'C1', scancode_time: '1' })).toEqual({
      communityId: 'K1',
      locationId: 'L1',
      categoryId: 'C1',
    });
    expect(codeFromPageParams({ locationId: 'L%202' })).toEqual({ locationId: 'L 2' });
    expect(codeFromPageParams({})).toEqual({});
  });

  it('writes a code back as a query', () => {
    expect(codeQuery({ communityId: 'K 1', locationId: 'L1' })).toBe('communityId=K%201&locationId=L1');
    expect(codeQuery({})).toBe('');
  });
});
