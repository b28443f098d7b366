import { unlistedCandidatesText, type DispatchCandidate, type DispatchReason } from './dispatch';

const candidate = (name: string, excluded?: DispatchCandidate['excluded']): DispatchCandidate => ({
  userId: name,
  name,
  openTickets: 0,
  rating: null,
  ...(excluded ? { excluded } : {}),
});

describe('unlistedCandidatesText', () => {
  it('counts the eligible and the passed-over engineers the reason does not list', () => {
    const reason: Pick<DispatchReason, 'candidates' | 'counts'> = {
      candidates: [candidate('甲'), candidate('乙'), candidate('丙', 'off_duty')],
      counts: { considered: 20, eligible: 6, excluded: { off_duty: 12, at_capacity: 2 } },
    };
    expect(unlistedCandidatesText(reason)).toBe('另有 4 位可派；未列出的不在岗 11 位、工单已满 2 位');
  });

  it('says nothing when everyone is listed, or for reasons kept before the counts were', () => {
    const candidates = [candidate('甲'), candidate('乙', 'disabled')];
    expect(
      unlistedCandidatesText({
        candidates,
        counts: { considered: 2, eligible: 1, excluded: { disabled: 1 } },
      }),
    ).toBe('');
    expect(unlistedCandidatesText({ candidates })).toBe('');
  });
});
