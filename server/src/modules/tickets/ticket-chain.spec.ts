import type { TicketEventEntity } from './entities/ticket-event.entity';
import { GENESIS_HASH, canonicalJson, eventHash, verifyChain } from './ticket-chain';

function chain(length: number): TicketEventEntity[] {
  const events: TicketEventEntity[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const event = {
      id: `e${seq}`,
      ticketId: 't1',
      organizationId: 'o',
      communityId: 'c',
      seq,
      action: seq === 1 ? 'report' : 'accept',
      fromStatus: seq === 1 ? null : 'reported',
      toStatus: seq === 1 ? 'reported' : 'accepted',
      actorId: 'u1',
      actorRole: 'reporter',
      note: null,
      data: { b: 2, a: [1, { d: 4, c: 3 }] },
      createdAt: new Date(Date.UTC(2026, 10, 30, 8, 0, seq, 123)),
      prevHash,
      hash: '',
    } as TicketEventEntity;
    event.hash = eventHash(event);
    prevHash = event.hash;
    events.push(event);
  }
  return events;
}

describe('ticket event chain', () => {
  it('sorts keys at every level so the same content hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  it('accepts an untouched chain', () => {
    const events = chain(4);
    expect(verifyChain(events, events[3]!.hash, 4)).toEqual([]);
  });

  it('detects an edited note, a deleted event, a reordered event and a replaced head', () => {
    const edited = chain(4);
    edited[1]!.note = '改过了';
    expect(verifyChain(edited, edited[3]!.hash, 4)).toContainEqual({ seq: 2, problem: 'hash_mismatch' });

    const deleted = chain(4);
    deleted.splice(2, 1);
    expect(verifyChain(deleted, chain(4)[3]!.hash, 4).map((p) => p.problem)).toEqual(
      expect.arrayContaining(['missing_event', 'broken_link', 'head_mismatch']),
    );

    const rehashed = chain(3);
    rehashed[1]!.actorId = 'someone-else';
    rehashed[1]!.hash = eventHash(rehashed[1]!);
    expect(verifyChain(rehashed, rehashed[2]!.hash, 3)).toContainEqual({ seq: 3, problem: 'broken_link' });

    const truncated = chain(3).slice(0, 2);
    expect(verifyChain(truncated, chain(3)[2]!.hash, 3)).toContainEqual({ seq: 3, problem: 'head_mismatch' });
  });
});
