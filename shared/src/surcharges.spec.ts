import { formatFen, requiredApprovals, surchargeTotalFen, type SurchargeApprovalLevel } from './surcharges';

describe('surcharges', () => {
  it('adds lines up in whole fen', () => {
    expect(
      surchargeTotalFen([
        { name: '角阀', quantity: 2, unitPriceFen: 3550 },
        { name: '人工', quantity: 1, unitPriceFen: 5000 },
      ]),
    ).toBe(12_100);
    expect(surchargeTotalFen([])).toBe(0);
  });

  it('asks for the levels whose threshold the total reaches, in order', () => {
    const chain: SurchargeApprovalLevel[] = [
      { role: 'dispatcher', fromAmountFen: 0 },
      { role: 'admin', fromAmountFen: 20_000 },
      { role: 'hq_admin', fromAmountFen: 100_000 },
    ];
    expect(requiredApprovals(chain, 19_999).map((level) => level.role)).toEqual(['dispatcher']);
    expect(requiredApprovals(chain, 20_000).map((level) => level.role)).toEqual(['dispatcher', 'admin']);
    expect(requiredApprovals(chain, 100_000).map((level) => level.role)).toEqual([
      'dispatcher',
      'admin',
      'hq_admin',
    ]);
    expect(requiredApprovals([], 100_000)).toEqual([]);
  });

  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(12_100)).toBe('¥121.00');
    expect(formatFen(-1250)).toBe('-¥12.50');
  });
});
