import { Box } from '@mantine/core';
import { IconFile, IconFileMusic, IconFileSpreadsheet, IconFileText, IconFileTypePdf, IconFileWord, IconFileZip, IconFolderFilled, IconMovie, IconPhoto, IconPresentation } from '@tabler/icons-react';
import { useState } from 'react';
import { driveHref } from './api';
import { fileKind, type FileKind } from './format';

const ICONS: Record<FileKind, { icon: typeof IconFile; color: string }> = {
  image: { icon: IconPhoto, color: 'var(--mantine-color-grape-6)' },
  pdf: { icon: IconFileTypePdf, color: 'var(--mantine-color-red-6)' },
  text: { icon: IconFileText, color: 'var(--mantine-color-gray-6)' },
  video: { icon: IconMovie, color: 'var(--mantine-color-pink-6)' },
  audio: { icon: IconFileMusic, color: 'var(--mantine-color-cyan-6)' },
  archive: { icon: IconFileZip, color: 'var(--mantine-color-orange-6)' },
  sheet: { icon: IconFileSpreadsheet, color: 'var(--mantine-color-green-7)' },
  doc: { icon: IconFileWord, color: 'var(--mantine-color-blue-6)' },
  slides: { icon: IconPresentation, color: 'var(--mantine-color-orange-7)' },
  other: { icon: IconFile, color: 'var(--mantine-color-gray-6)' },
};

/** A folder, a file's type icon, or an image's thumbnail (the icon while it is not there). */
export function ItemIcon({ kind, name, mime, fileId, size = 28 }: { kind: 'folder' | 'file'; name: string; mime: string | null; fileId?: number | null; size?: number }) {
  const [failed, setFailed] = useState(false);
  if (kind === 'folder') return <IconFolderFilled size={size} color="var(--mantine-color-yellow-5)" aria-hidden style={{ flex: 'none' }} />;
  const k = fileKind(mime, name);
  if (k === 'image' && fileId && !failed) {
    return (
      <Box w={size} h={size} style={{ flex: 'none', borderRadius: 4, overflow: 'hidden', background: 'var(--mantine-color-gray-1)' }}>
        <img src={driveHref.preview(fileId, 'thumb')} alt="" width={size} height={size} loading="lazy" style={{ objectFit: 'cover', display: 'block' }} onError={() => setFailed(true)} />
      </Box>
    );
  }
  const { icon: Icon, color } = ICONS[k];
  return <Icon size={size} color={color} stroke={1.5} aria-hidden style={{ flex: 'none' }} />;
}
