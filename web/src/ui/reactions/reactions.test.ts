import { describe, expect, it } from 'vitest';
import { pickerLocale, toggledReactions, visibleChips } from './reactions';

describe('reactions', () => {
  it('shows the emoji with reactions, most first, ties in their order', () => {
    const chips = visibleChips([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '🎉', count: 0, mine: false },
      { emoji: '😂', count: 5, mine: false },
      { emoji: '❤️', count: 2, mine: false },
    ]);
    expect(chips.map((c) => c.emoji)).toEqual(['😂', '👍', '❤️']);
  });

  it('toggles the user’s own reaction at once: adds it, or takes it back', () => {
    const start = [
      { emoji: '👍', count: 2, mine: true },
      { emoji: '😂', count: 1, mine: false },
    ];
    expect(toggledReactions(start, '😂')).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '😂', count: 2, mine: true },
    ]);
    expect(toggledReactions(start, '👍')).toEqual([
      { emoji: '👍', count: 1, mine: false },
      { emoji: '😂', count: 1, mine: false },
    ]);
    expect(toggledReactions([{ emoji: '🎉', count: 1, mine: true }], '🎉')).toEqual([]);
    expect(toggledReactions(start, '🔥')).toEqual([...start, { emoji: '🔥', count: 1, mine: true }]);
  });

  it('speaks the portal language', () => {
    expect(pickerLocale('ru')).toBe('ru');
    expect(pickerLocale('en-US')).toBe('en');
    expect(pickerLocale('de')).toBe('ru');
  });
});
