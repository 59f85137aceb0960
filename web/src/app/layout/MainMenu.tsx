import { Button, Skeleton, Stack } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconChevronDown, IconLayoutSidebarLeftCollapse, IconMenu2, IconX } from '@tabler/icons-react';
import type { MenuItem, Shell } from '@vavilon/contracts';
import { lazy, Suspense, useMemo, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useUpdateShellSettings } from '../../features/shell/api';
import { menuIcon } from './menu-icons';
import { activeItemId, buildEntries, type MenuEntry } from './menu-model';
import classes from './layout.module.css';

const MenuCustomizer = lazy(() => import('./MenuCustomizer'));

function Counter({ value }: { value: number | null }) {
  if (!value) return null;
  const text = value > 99 ? '99+' : String(value);
  return (
    <span className={classes.counter} aria-hidden="true">
      {text}
    </span>
  );
}

function MenuLink({ item, active, onNavigate }: { item: MenuItem; active: boolean; onNavigate: () => void }) {
  const Icon = menuIcon(item.icon);
  return (
    <Link to={item.path} className={classes.item} data-active={active || undefined} aria-current={active ? 'page' : undefined} data-menu-item={item.id} onClick={onNavigate}>
      <span className={classes.itemIcon}>
        <Icon size={22} stroke={1.6} />
        {item.counter ? (
          <span className={classes.dotCounter} aria-hidden="true">
            {item.counter > 99 ? '99+' : item.counter}
          </span>
        ) : null}
      </span>
      <span className={classes.label}>{item.title}</span>
      {item.counter ? <span className="visually-hidden">({item.counter})</span> : null}
      <Counter value={item.counter} />
    </Link>
  );
}

export interface MainMenuProps {
  shell: Shell | undefined;
  expanded: boolean;
  pinned: boolean;
  mobileOpen: boolean;
  customizing: boolean;
  onTogglePin: () => void;
  onHoverChange: (hover: boolean) => void;
  onCloseMobile: () => void;
  onCustomize: (on: boolean) => void;
}

/** The left menu: icons when collapsed, slides open on hover, pinned open by its top-left button. */
export function MainMenu(props: MainMenuProps) {
  const { shell, expanded, pinned, mobileOpen, customizing } = props;
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const update = useUpdateShellSettings();

  const model = useMemo(() => (shell ? buildEntries(shell, false) : null), [shell]);
  const active = useMemo(() => (shell ? activeItemId(shell.menu, pathname) : null), [shell, pathname]);
  const collapsed = new Set(shell?.settings.collapsedGroups ?? []);

  const toggleGroup = (id: string) => {
    const next = collapsed.has(id) ? [...collapsed].filter((g) => g !== id) : [...collapsed, id];
    update.mutate({ collapsedGroups: next });
  };

  const onNavigate = () => {
    if (mobileOpen) props.onCloseMobile();
  };

  const onBlur = (e: FocusEvent<HTMLElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) props.onHoverChange(false);
  };

  const renderEntry = (e: MenuEntry) => {
    if (e.kind === 'item') return <MenuLink key={e.item.id} item={e.item} active={active === e.item.id} onNavigate={onNavigate} />;
    const open = !collapsed.has(e.group.id);
    const GroupIcon = menuIcon(e.group.icon);
    const groupCounter = e.items.reduce((s, i) => s + (i.counter ?? 0), 0);
    return (
      <div key={`group:${e.group.id}`} role="group" aria-label={e.group.title}>
        <button type="button" className={`${classes.item} ${classes.groupHeader}`} aria-expanded={open} onClick={() => toggleGroup(e.group.id)}>
          <span className={classes.itemIcon}>
            <GroupIcon size={20} stroke={1.6} />
            {!open && groupCounter ? (
              <span className={classes.dotCounter} aria-hidden="true">
                {groupCounter > 99 ? '99+' : groupCounter}
              </span>
            ) : null}
          </span>
          <span className={classes.label}>{e.group.title}</span>
          <IconChevronDown className={classes.chevron} size={16} />
        </button>
        {open ? e.items.map((i) => <MenuLink key={i.id} item={i} active={active === i.id} onNavigate={onNavigate} />) : null}
      </div>
    );
  };

  return (
    <>
      {mobileOpen ? <div className={classes.backdrop} onClick={props.onCloseMobile} aria-hidden="true" /> : null}
      <nav
        className={classes.menu}
        data-expanded={expanded || undefined}
        data-pinned={pinned || undefined}
        data-mobile-open={mobileOpen || undefined}
        aria-label={t('menu.label')}
        onMouseEnter={() => props.onHoverChange(true)}
        onMouseLeave={() => props.onHoverChange(false)}
        onFocus={() => props.onHoverChange(true)}
        onBlur={onBlur}
      >
        <div className={classes.menuHeader}>
          <button
            type="button"
            className={classes.pin}
            data-pinned={pinned || undefined}
            aria-label={pinned ? t('menu.unpin') : t('menu.pin')}
            aria-pressed={pinned}
            title={pinned ? t('menu.unpin') : t('menu.pin')}
            onClick={props.onTogglePin}
          >
            {pinned ? <IconLayoutSidebarLeftCollapse size={22} stroke={1.7} /> : <IconMenu2 size={22} stroke={1.7} />}
          </button>
          {mobileOpen ? (
            <button type="button" className={classes.pin} style={{ display: 'grid' }} aria-label={t('menu.close')} onClick={props.onCloseMobile}>
              <IconX size={22} />
            </button>
          ) : null}
          <span className={classes.menuHeaderTitle}>{t('menu.title')}</span>
        </div>

        <div className={classes.menuScroll}>
          {customizing && shell ? (
            <Suspense fallback={<MenuSkeleton />}>
              <MenuCustomizer shell={shell} onClose={() => props.onCustomize(false)} />
            </Suspense>
          ) : model ? (
            <>
              {model.entries.map(renderEntry)}
              {model.siteMap ? (
                <>
                  <div className={classes.divider} />
                  <MenuLink item={model.siteMap} active={active === model.siteMap.id} onNavigate={onNavigate} />
                </>
              ) : null}
            </>
          ) : (
            <MenuSkeleton />
          )}
        </div>

        {!customizing && shell ? (
          <div className={classes.menuFooter}>
            <Button
              variant="subtle"
              color="gray.3"
              size="sm"
              fullWidth
              justify="flex-start"
              px={20}
              leftSection={<IconAdjustmentsHorizontal size={18} />}
              onClick={() => props.onCustomize(true)}
              styles={{ root: { color: 'var(--menu-fg)' } }}
            >
              {t('menu.customize')}
            </Button>
          </div>
        ) : null}
      </nav>
    </>
  );
}

function MenuSkeleton() {
  return (
    <Stack gap={14} px={20} py={8} aria-busy="true">
      {Array.from({ length: 9 }, (_, i) => (
        <Skeleton key={i} h={22} w={24} radius="sm" opacity={0.25} />
      ))}
    </Stack>
  );
}
