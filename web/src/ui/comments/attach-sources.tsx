import type { FileInfo } from '@vavilon/contracts';
import { createContext, useContext, type ComponentType } from 'react';

/** What a place to pick attachments from shows: a dialog that hands back the files picked. */
export interface AttachPickerProps {
  opened: boolean;
  multiple: boolean;
  onClose: () => void;
  onPick: (files: FileInfo[]) => void;
}

/**
 * A place besides the computer that «Прикрепить файл» picks from («Выбрать на Диске»): a feature
 * brings it (`attachSources`), every attachment button of the kit offers it.
 */
export interface AttachSource {
  id: string;
  label: string | (() => string);
  picker: ComponentType<AttachPickerProps>;
}

const AttachSources = createContext<AttachSource[]>([]);

export const AttachSourcesProvider = AttachSources.Provider;

export function useAttachSources(): AttachSource[] {
  return useContext(AttachSources);
}
