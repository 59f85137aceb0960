import { useLayoutEffect, useRef, type RefObject } from 'react';

/** The element that scrolls `el`: the slider's body, or the page. */
function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if ((overflowY === 'auto' || overflowY === 'scroll') && p.scrollHeight > p.clientHeight) return p;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/**
 * Keeps the section being closed by «Сохранить» or «Отменить» where it stood on screen (the card
 * gets shorter as editors close), or, had its top gone off the screen, brings it just under the
 * card's header. Call `remember()` before closing the editors; `openCount` is how many are open.
 */
export function useKeepPlace(formRef: RefObject<HTMLElement | null>, headerRef: RefObject<HTMLElement | null>, openCount: number) {
  const closing = useRef<{ id: string; top: number } | null>(null);
  useLayoutEffect(() => {
    const keep = closing.current;
    if (!keep || openCount) return;
    closing.current = null;
    const el = formRef.current?.querySelector<HTMLElement>(`[data-block="${keep.id}"]`);
    if (!el) return;
    const scroller = scrollParent(el);
    const visibleTop = Math.max(scroller === document.scrollingElement ? 0 : scroller.getBoundingClientRect().top, headerRef.current?.getBoundingClientRect().bottom ?? 0) + 8;
    const by = el.getBoundingClientRect().top - Math.max(keep.top, visibleTop);
    if (Math.abs(by) >= 1) scroller.scrollTop += by;
  }, [openCount]);
  return {
    remember() {
      const el = formRef.current?.querySelector<HTMLElement>('[data-block][data-editing]');
      closing.current = el ? { id: el.dataset.block!, top: el.getBoundingClientRect().top } : null;
    },
  };
}
