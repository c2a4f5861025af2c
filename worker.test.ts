import { activityPollers } from './worker';

describe('activityPollers', () => {
  test('leaves at least half of the activity slots free for eagerly dispatched activities', () => {
    for (const slots of [2, 3, 4, 8, 16, 19, 20]) {
      expect(slots - activityPollers(slots)).toBeGreaterThanOrEqual(Math.ceil(slots / 2));
    }
  });

  test('polls at least once, and at most as often as the SDK would by default', () => {
    expect(activityPollers(1)).toBe(1);
    expect(activityPollers(8)).toBe(4);
    expect(activityPollers(64)).toBe(10);
  });
});
