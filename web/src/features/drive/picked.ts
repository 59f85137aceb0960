import type { PickedFile } from './uploads';

/** Files of an <input>: with `webkitdirectory` each carries its path inside the chosen folder. */
export function filesFromInput(list: FileList | File[] | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => {
    const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
    return rel ? { file, relativePath: rel } : { file };
  });
}

const readAll = (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    // readEntries answers in batches (100 in Chromium) until an empty one.
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(prefix ? { file, relativePath: `${prefix}${file.name}` } : { file });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/** Files and whole folders dragged from the desktop: folders are walked, each file keeps its path. */
export async function filesFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items ?? [])
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry?.() ?? null);
  if (!entries.length || entries.some((e) => e === null)) return filesFromInput(dt.files);
  const out: PickedFile[] = [];
  for (const e of entries) await walk(e!, '', out);
  return out;
}

/** A drag from the desktop (files), not one of the list's own rows. */
export const isFileDrag = (dt: DataTransfer | null) => !!dt && Array.from(dt.types).includes('Files');

/** The list's own rows being dragged: their ids. */
export const ITEMS_TYPE = 'application/x-vavilon-drive-items';
export const isItemsDrag = (dt: DataTransfer | null) => !!dt && Array.from(dt.types).includes(ITEMS_TYPE);
