import { ActionIcon } from '@mantine/core';
import { IconMenu2 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../features/auth/session';
import { features } from '../../features';
import { HelpButton } from '../../features/shell/HelpDrawer';
import { SearchBox } from '../../features/shell/SearchBox';
import { UserMenu } from './UserMenu';
import classes from './layout.module.css';

/** The features' items of the top bar (the bell; the Workday panel when that module comes). */
const topBarItems = features.flatMap((f) => f.topBar ?? []);

/** Portal title, search, the features' items, user, «Помощь». */
export function TopBar({ onOpenMobileMenu }: { onOpenMobileMenu: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  return (
    <header className={classes.topBar}>
      <ActionIcon className={classes.burger} variant="subtle" color="gray" size={40} aria-label={t('menu.open')} onClick={onOpenMobileMenu}>
        <IconMenu2 size={22} />
      </ActionIcon>
      <Link to="/" className={classes.portalTitle} aria-label={`${me.portal.title} — ${t('home.title')}`}>
        <span className={classes.logo} aria-hidden="true">
          {(me.portal.title.trim()[0] ?? 'V').toUpperCase()}
        </span>
        <span>{me.portal.title}</span>
      </Link>
      <div className={classes.searchSlot}>
        <SearchBox />
      </div>
      <div className={classes.topActions}>
        {topBarItems.map((Item, i) => (
          <Item key={i} />
        ))}
        <UserMenu />
        <HelpButton />
      </div>
    </header>
  );
}
