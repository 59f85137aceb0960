import { Link } from 'react-router';
import classes from './nav.module.css';

export interface NavItem {
  id: string;
  to: string;
  label: string;
}

/** A section's own navigation under the page title («Сделки · Лиды · Контакты…»), tabs with an underline. */
export function SectionNav({ label, items, current }: { label: string; items: NavItem[]; current: string }) {
  return (
    <nav aria-label={label} className={classes.subnav}>
      {items.map((s) => (
        <Link key={s.id} to={s.to} className={classes.subnavLink} aria-current={s.id === current ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}

/** A page's view switcher («Канбан · Список · Дела · Календарь»), segmented buttons that are links. */
export function ViewSwitcher({ label, items, current }: { label: string; items: NavItem[]; current: string }) {
  return (
    <nav aria-label={label} className={classes.views}>
      {items.map((v) => (
        <Link key={v.id} to={v.to} className={classes.viewLink} aria-current={v.id === current ? 'page' : undefined}>
          {v.label}
        </Link>
      ))}
    </nav>
  );
}
