import { describe, expect, it } from 'vitest';
import { reconcileOutcomeEvent } from './use-outcome';

const versions = (...list: number[]) => list.map((version) => ({ version }));

describe('reconcileOutcomeEvent', () => {
  it('takes the next version of the outcome', () => {
    expect(reconcileOutcomeEvent({ version: 28 }, { version: 29, versions: versions(3, 28, 29) })).toBe('apply');
  });

  it('takes a jump in review versions when this outcome had no version in between', () => {
    // Changes to other outcomes raise the review's version without an event here.
    expect(reconcileOutcomeEvent({ version: 21 }, { version: 31, versions: versions(3, 21, 31) })).toBe('apply');
  });

  it('ignores events at or below the version shown (late or repeated)', () => {
    expect(reconcileOutcomeEvent({ version: 29 }, { version: 29, versions: versions(28, 29) })).toBe('ignore');
    expect(reconcileOutcomeEvent({ version: 29 }, { version: 27, versions: versions(27, 28, 29) })).toBe('ignore');
  });

  it('refetches when a version of this outcome was missed', () => {
    expect(reconcileOutcomeEvent({ version: 28 }, { version: 31, versions: versions(28, 30, 31) })).toBe('refetch');
  });

  it('applies an event that does not list versions, and any event before the query answered', () => {
    expect(reconcileOutcomeEvent({ version: 28 }, { version: 30 })).toBe('apply');
    expect(reconcileOutcomeEvent(null, { version: 30 })).toBe('apply');
  });
});
