import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstFitIndex } from '../../src/model/first-fit-index.js';

/** What a scan from the start finds: the first position at or after `from` with the room. */
const scan = (room: number[], from: number, need: number) =>
  room.findIndex((r, i) => i >= from && r >= need);

describe('the first host with room', () => {
  it('is the one a scan in order finds, before and after rooms change', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 40 }),
        fc.array(
          fc.tuple(fc.nat(), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 100 })),
          { maxLength: 30 },
        ),
        (start, steps) => {
          const room = [...start];
          const index = new FirstFitIndex(room);
          for (const [at, need, next] of steps) {
            const from = at % room.length;
            expect(index.first(from, need)).toBe(scan(room, from, need));
            room[from] = next;
            index.set(from, next);
          }
          expect(index.first(0, 0)).toBe(0);
        },
      ),
    );
  });

  it('takes a host whose room is not bounded (it declares no memory)', () => {
    const index = new FirstFitIndex([10, Infinity, 5]);
    expect(index.first(0, 1e18)).toBe(1);
    expect(index.first(2, 6)).toBe(-1);
  });
});
