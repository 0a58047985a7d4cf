import { ClickFloodingPolicy } from './click-flooding.policy';

describe('ClickFloodingPolicy', () => {
  it('allows up to the threshold per minute and marks every click beyond it', () => {
    const policy = new ClickFloodingPolicy(20);
    expect(policy.esFlooding(20)).toBe(false);
    expect(policy.esFlooding(21)).toBe(true);
  });

  it('marks the new clicks that pass the threshold, given the ones counted before', () => {
    const policy = new ClickFloodingPolicy(3);
    expect(policy.marcar(0, 5)).toEqual([false, false, false, true, true]);
    expect(policy.marcar(2, 3)).toEqual([false, true, true]);
    expect(policy.marcar(7, 1)).toEqual([true]);
    expect(policy.marcar(0, 0)).toEqual([]);
  });

  it('counts per calendar minute of the click timestamp', () => {
    const t = Date.UTC(2026, 0, 1, 10, 0, 0);
    expect(ClickFloodingPolicy.minutoDe(t)).toBe(ClickFloodingPolicy.minutoDe(t + 59_999));
    expect(ClickFloodingPolicy.minutoDe(t + 60_000)).toBe(ClickFloodingPolicy.minutoDe(t) + 1);
  });

  it('refuses a threshold that is not a positive integer', () => {
    expect(() => new ClickFloodingPolicy(0)).toThrow();
    expect(() => new ClickFloodingPolicy(2.5)).toThrow();
  });
});
