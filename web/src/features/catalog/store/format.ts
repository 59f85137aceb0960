import { formatNumber } from '../../../ui/format';

/** A quantity as people read it: «1 250», «2,5 кг». */
export const formatQuantity = (value: number, unit?: string) => `${formatNumber(String(value))}${unit ? ` ${unit}` : ''}`;

/** A signed change: «+10», «−2,5». */
export const formatDelta = (value: number) => (value > 0 ? `+${formatNumber(String(value))}` : `−${formatNumber(String(-value))}`);
