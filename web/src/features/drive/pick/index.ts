import { lazy } from 'react';
import type { AttachSource } from '../../../ui/comments/attach-sources';
import { pickSourceLabel } from './words';

const DrivePicker = lazy(() => import('./DrivePicker').then((m) => ({ default: m.DrivePicker })));

/** «Выбрать на Диске» in every «Прикрепить файл» of the portal. */
export const driveAttachSource: AttachSource = { id: 'drive', label: pickSourceLabel, picker: DrivePicker };
