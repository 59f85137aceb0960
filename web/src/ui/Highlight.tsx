import type { ReactNode } from 'react';
import classes from './ui.module.css';

/** [start, end) in UTF-16 units of the text, as the portal's search gives them. */
export type TextMarks = readonly (readonly [number, number])[];

/** The marks sorted, kept inside the text, overlapping ones joined. */
export function markRanges(marks: TextMarks, length: number): [number, number][] {
  const sorted = marks
    .map(([s, e]): [number, number] => [Math.max(0, Math.min(s, length)), Math.max(0, Math.min(e, length))])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
    else out.push(m);
  }
  return out;
}

/** A text with the given ranges in bold (`<mark>`): the words a search matched. */
export function Highlight({ text, marks }: { text: string; marks: TextMarks }): ReactNode {
  const ranges = markRanges(marks, text.length);
  if (!ranges.length) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) parts.push(text.slice(at, s));
    parts.push(
      <mark key={s} className={classes.mark}>
        {text.slice(s, e)}
      </mark>,
    );
    at = e;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
