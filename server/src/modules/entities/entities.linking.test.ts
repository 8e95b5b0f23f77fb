import { describe, expect, it } from 'vitest';
import { isShareCheckpoint } from './entities.linking.ts';

describe('isShareCheckpoint', () => {
  it('fires at the floor, then each time the count grows by about 10%', () => {
    const hits = Array.from({ length: 120 }, (_, i) => i + 1).filter((n) => isShareCheckpoint(n, 50));
    expect(hits).toEqual([50, 55, 61, 68, 75, 83, 92, 102, 113]);
  });

  it('never fires below the floor, and steps by one while 10% is less than one', () => {
    expect([1, 2, 3, 4, 5].filter((n) => isShareCheckpoint(n, 3))).toEqual([3, 4, 5]);
    expect(isShareCheckpoint(49, 50)).toBe(false);
  });

  it('checks O(log n) times: about 80 checkpoints from 50 up to 100,000 records', () => {
    let checks = 0;
    for (let n = 1; n <= 100_000; n++) if (isShareCheckpoint(n, 50)) checks++;
    expect(checks).toBeGreaterThan(75);
    expect(checks).toBeLessThan(85);
  });
});
