import { useTranslation } from 'react-i18next';
import i18n from '../../../i18n';

/** Words of «Выбрать на Диске», the attachment picker (`drivePick` namespace). */
const ru = {
  source: 'Выбрать на Диске',
  title: 'Выбрать файлы на Диске',
  shared: 'Общие со мной',
  empty: 'В этой папке нет файлов',
  sharedEmpty: 'С вами пока ничем не поделились',
  more: 'Показать ещё',
  hint: 'Отметьте файлы, которые нужно прикрепить',
  picked: 'Выбрано файлов: {{count}}',
  cancel: 'Отмена',
  attach: 'Прикрепить',
};
const en: typeof ru = {
  source: 'Pick from the drive',
  title: 'Pick files from the drive',
  shared: 'Shared with me',
  empty: 'This folder has no files',
  sharedEmpty: 'Nothing is shared with you yet',
  more: 'Show more',
  hint: 'Tick the files to attach',
  picked: 'Files picked: {{count}}',
  cancel: 'Cancel',
  attach: 'Attach',
};

i18n.addResourceBundle('ru', 'drivePick', ru, true, true);
i18n.addResourceBundle('en', 'drivePick', en, true, true);

export function usePickT() {
  return useTranslation('drivePick');
}

export const pickSourceLabel = () => i18n.t('drivePick:source');
