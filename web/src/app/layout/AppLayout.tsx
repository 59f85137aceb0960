import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useShell, useUpdateShellSettings } from '../../features/shell/api';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useRealtime } from '../realtime';
import { MainMenu } from './MainMenu';
import { TopBar } from './TopBar';
import classes from './layout.module.css';

const PINNED_KEY = 'portal.menuPinned';

function readPinnedHint(): boolean {
  try {
    return window.localStorage.getItem(PINNED_KEY) === '1';
  } catch {
    return false;
  }
}

/** The signed-in frame: left menu, top bar, the page. */
export function AppLayout() {
  const shell = useShell();
  const update = useUpdateShellSettings();
  const { pathname } = useLocation();
  // Until the server's answer arrives, the last known state avoids a jump of the page.
  const pinned = shell.data ? shell.data.settings.pinned : readPinnedHint();
  const [hover, setHover] = useState(false);
  const [mobileOpen, setMobileOpen] = useState(false);
  const [customizing, setCustomizing] = useState(false);
  const hoverTimer = useRef<number | undefined>(undefined);

  useRealtime();

  useEffect(() => {
    if (!shell.data) return;
    try {
      window.localStorage.setItem(PINNED_KEY, shell.data.settings.pinned ? '1' : '0');
    } catch {
      /* not essential */
    }
  }, [shell.data]);

  useEffect(() => {
    setMobileOpen(false);
  }, [pathname]);

  const onHoverChange = useCallback((h: boolean) => {
    window.clearTimeout(hoverTimer.current);
    // A short delay on opening, so that crossing the menu on the way elsewhere does not open it.
    hoverTimer.current = window.setTimeout(() => setHover(h), h ? 120 : 180);
  }, []);

  useEffect(() => () => window.clearTimeout(hoverTimer.current), []);

  const togglePin = () => {
    const next = !pinned;
    update.mutate({ pinned: next });
    if (!next) {
      // Also drop an opening still pending from the pointer's arrival, or the menu reopens.
      window.clearTimeout(hoverTimer.current);
      setHover(false);
    }
  };

  useEffect(() => {
    if (!mobileOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMobileOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mobileOpen]);

  const expanded = pinned || hover || customizing || mobileOpen;

  return (
    <>
      <MainMenu
        shell={shell.data}
        expanded={expanded}
        pinned={pinned}
        mobileOpen={mobileOpen}
        customizing={customizing}
        onTogglePin={togglePin}
        onHoverChange={onHoverChange}
        onCloseMobile={() => setMobileOpen(false)}
        onCustomize={setCustomizing}
      />
      <div className={classes.main} data-pinned={pinned || undefined}>
        <TopBar onOpenMobileMenu={() => setMobileOpen(true)} />
        <main className={classes.content} id="main">
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </>
  );
}
