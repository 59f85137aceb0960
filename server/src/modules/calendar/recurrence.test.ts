import { describe, expect, it } from 'vitest';
import * as rrulePkg from 'rrule';
import { parseRule, startsBetween } from './recurrence.js';

const RRule = ((rrulePkg as unknown as { RRule?: typeof rrulePkg.RRule }).RRule ?? (rrulePkg as unknown as { default: typeof rrulePkg }).default.RRule) as typeof rrulePkg.RRule;
const DAY = 86_400_000;

/** Every occurrence from the rule's own start, the slow way: what a window must show. */
function plain(rule: string, dtstart: string, from: Date, to: Date, length: number): string[] {
  const r = new RRule({ ...parseRule(rule)!, dtstart: new Date(dtstart) });
  return r
    .between(new Date(from.getTime() - length), to, true)
    .filter((d) => d.getTime() + length > from.getTime() || (length === 0 && d >= from))
    .map((d) => d.toISOString());
}

describe('expanding a rule in a window far from its start', () => {
  const rules = [
    'FREQ=DAILY',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=DAILY;COUNT=400',
    'FREQ=DAILY;INTERVAL=2;COUNT=300',
    'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
    'FREQ=DAILY;BYDAY=MO,FR;COUNT=150',
    'FREQ=WEEKLY',
    'FREQ=WEEKLY;INTERVAL=2',
    'FREQ=WEEKLY;COUNT=60',
    'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=120',
    'FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;COUNT=80',
    'FREQ=WEEKLY;BYDAY=SU,SA;WKST=MO',
    'FREQ=WEEKLY;UNTIL=20271231T000000Z',
    'FREQ=WEEKLY;UNTIL=20260315T090000Z',
    'FREQ=WEEKLY;BYDAY=MO,WE;WKST=SU;INTERVAL=2',
    'FREQ=WEEKLY;BYDAY=SU;COUNT=5',
    'FREQ=WEEKLY;BYDAY=FR,MO;INTERVAL=3;UNTIL=20270601T000000Z',
    'FREQ=WEEKLY;BYDAY=TU,SA;WKST=TH;INTERVAL=2;COUNT=31',
    'FREQ=DAILY;UNTIL=20250110T090000Z',
    'FREQ=MONTHLY',
    'FREQ=MONTHLY;INTERVAL=5',
    'FREQ=MONTHLY;BYMONTHDAY=31',
    'FREQ=MONTHLY;BYDAY=2TU',
    'FREQ=MONTHLY;COUNT=20',
    'FREQ=YEARLY',
  ];
  const starts = ['2025-01-01T09:00:00.000Z', '2025-03-31T23:30:00.000Z', '2025-07-15T00:00:00.000Z', '2026-02-28T12:15:00.000Z', '2024-01-31T10:00:00.000Z'];
  it('gives the occurrences the rule gives from its own start', () => {
    let checked = 0;
    for (const rule of rules)
      for (const dtstart of starts)
        for (const offset of [-3, 0, 13, 65, 200, 417, 700])
          for (const length of [0, 3_600_000, 3 * DAY]) {
            const from = new Date(Date.parse('2025-01-01T00:00:00Z') + offset * DAY + 7 * 3_600_000);
            const to = new Date(from.getTime() + (offset % 2 ? 7 : 31) * DAY);
            expect(
              startsBetween(rule, dtstart, from, to, length).map((d) => d.toISOString()),
              `${rule} from ${dtstart}, window ${from.toISOString()}, ${length} ms`,
            ).toEqual(plain(rule, dtstart, from, to, length));
            checked++;
          }
    expect(checked).toBe(rules.length * starts.length * 21);
  });
});
