import { Tooltip } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { textOn } from '../format';
import { useCrmT } from '../i18n';
import type { Stage } from '../types';
import classes from '../crm.module.css';

/** The stages as arrows: passed ones take the current stage's colour; a click moves the item. */
export function StageBar({ stages, current, onMove, disabled }: { stages: Stage[]; current: number | null; onMove: (stage: Stage) => void; disabled?: boolean }) {
  const { t } = useCrmT();
  const idx = stages.findIndex((s) => s.id === current);
  const cur = idx >= 0 ? stages[idx] : undefined;
  // Final failure stages stand apart: reaching one colours only itself.
  const progressIdx = cur && cur.kind === 'failure' ? -1 : idx;
  const bar = useRef<HTMLDivElement>(null);
  // When the bar scrolls (a phone), the current stage is brought into it, without scrolling the page.
  useEffect(() => {
    const el = bar.current;
    const step = el?.querySelector<HTMLElement>('[aria-pressed="true"]');
    if (!el || !step || el.scrollWidth <= el.clientWidth) return;
    const left = step.getBoundingClientRect().left - el.getBoundingClientRect().left + el.scrollLeft;
    if (left < el.scrollLeft || left + step.offsetWidth > el.scrollLeft + el.clientWidth) el.scrollLeft = Math.max(0, left - 24);
  }, [current, stages.length]);
  return (
    <div ref={bar} className={classes.stageBar} role="group" aria-label={t('card.stageBar')}>
      {stages.map((s, i) => {
        const active = s.id === current || (i <= progressIdx && s.kind === 'progress');
        const color = active ? (cur?.color ?? s.color) : undefined;
        return (
          <Tooltip key={s.id} label={s.name} openDelay={500}>
            <button
              type="button"
              className={classes.stageStep}
              style={active ? { background: color, color: textOn(color!) } : { borderBottom: `3px solid ${s.color}` }}
              aria-pressed={s.id === current}
              aria-label={s.id === current ? `${s.name} (${t('card.current')})` : t('card.moveTo', { name: s.name })}
              disabled={disabled || s.id === current}
              onClick={() => onMove(s)}
            >
              {s.name}
            </button>
          </Tooltip>
        );
      })}
    </div>
  );
}
