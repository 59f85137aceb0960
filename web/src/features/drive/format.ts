import i18n from '../../i18n';

const UNITS = { ru: ['Б', 'КБ', 'МБ', 'ГБ', 'ТБ'], en: ['B', 'KB', 'MB', 'GB', 'TB'] };

/** 1536 → «1,5 КБ»: bytes in the largest unit under 1024, one decimal when it is small. */
export function formatBytes(bytes: number): string {
  const units = i18n.language === 'en' ? UNITS.en : UNITS.ru;
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  const digits = u === 0 || v >= 10 ? 0 : 1;
  return `${v.toLocaleString(i18n.language === 'en' ? 'en-US' : 'ru-RU', { maximumFractionDigits: digits })}\u00a0${units[u]}`;
}

/** Which icon and viewer a file gets, by its type and name. */
export type FileKind = 'image' | 'pdf' | 'text' | 'video' | 'audio' | 'archive' | 'sheet' | 'doc' | 'slides' | 'other';

export function fileKind(mime: string | null, name: string): FileKind {
  const m = mime ?? '';
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (m.startsWith('image/') && m !== 'image/svg+xml') return 'image';
  if (m === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (m.startsWith('video/')) return 'video';
  if (m.startsWith('audio/')) return 'audio';
  if (['zip', 'rar', '7z', 'gz', 'tar'].includes(ext)) return 'archive';
  if (['xls', 'xlsx', 'ods', 'csv'].includes(ext)) return 'sheet';
  if (['doc', 'docx', 'odt', 'rtf'].includes(ext)) return 'doc';
  if (['ppt', 'pptx', 'odp'].includes(ext)) return 'slides';
  if (m.startsWith('text/') || m === 'application/json' || ['txt', 'md', 'json', 'js', 'ts', 'tsx', 'py', 'sql', 'xml', 'yml', 'yaml', 'log', 'ini', 'sh', 'css'].includes(ext)) return 'text';
  return 'other';
}
