import { IconApps, type Icon } from '@tabler/icons-react';
import { features } from '../../features';

/** The server names menu icons; each feature brings the icons of its entries, unknown names get a generic one. */
const ICONS: Record<string, Icon> = Object.assign({}, ...features.map((f) => f.icons ?? {}));

export function menuIcon(name: string): Icon {
  return ICONS[name] ?? IconApps;
}
