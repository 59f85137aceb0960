import { useTranslation } from 'react-i18next';
import i18n from '../i18n';

/** Words of the list and board kit (web/src/ui/data-list, web/src/ui/kanban), in the `kit` namespace. */
const ru = {
  list: {
    selectAll: 'Выбрать все на странице',
    selectRow: 'Выбрать «{{title}}»',
    rowMenu: 'Действия с «{{title}}»',
    columnsChooser: 'Настроить колонки',
    columnsTitle: 'Колонки списка',
    columnsHint: 'Отметьте колонки, которые нужно показывать. Выбор запоминается.',
    columnsReset: 'Как по умолчанию',
    total: 'Всего: {{count}}',
    totalLoading: 'Всего: …',
    pageSize: 'Строк на странице',
    prev: 'Предыдущая страница',
    next: 'Следующая страница',
    page: 'Страница {{page}}',
    pageOf: 'Страница {{page}} из {{pages}}',
    goToPage: 'Страница {{page}}',
    pages: 'Страницы',
  },
  bulk: {
    panel: 'Групповые действия',
    selected: 'Выбрано: {{count}}',
    clear: 'Снять выделение',
    apply: 'Применить',
    running: 'Выполняется: {{done}} из {{total}}',
    runningShort: 'Выполняется…',
  },
  filter: {
    label: 'Фильтр',
    presets: 'Отборы',
    search: 'Поиск',
    searchPlaceholder: 'Фильтр и поиск',
    apply: 'Найти',
    reset: 'Сбросить',
    save: 'Сохранить фильтр',
    saveAs: 'Название фильтра',
    removePreset: 'Удалить фильтр «{{name}}»',
    from: 'С',
    to: 'По',
    min: 'От',
    max: 'До',
    dateField: 'Период по полю',
  },
  kanban: {
    board: 'Канбан',
    loadMore: 'Загрузить ещё',
    noCards: 'Нет карточек',
    moved: '«{{title}}» перенесено в «{{column}}»',
    conflictTitle: 'Карточку уже изменили',
    conflict: 'Пока вы перетаскивали, «{{title}}» изменил другой пользователь. Карточка вернулась на место, доска обновлена.',
    failed: 'Не удалось перенести «{{title}}»',
  },
  common: { cancel: 'Отменить', save: 'Сохранить', undo: 'Отменить', confirm: 'Подтвердить' },
};

type Dict = typeof ru;
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

const en: Widen<Dict> = {
  list: {
    selectAll: 'Select all on the page',
    selectRow: 'Select “{{title}}”',
    rowMenu: 'Actions with “{{title}}”',
    columnsChooser: 'Choose columns',
    columnsTitle: 'List columns',
    columnsHint: 'Tick the columns to show. The choice is remembered.',
    columnsReset: 'Defaults',
    total: 'Total: {{count}}',
    totalLoading: 'Total: …',
    pageSize: 'Rows per page',
    prev: 'Previous page',
    next: 'Next page',
    page: 'Page {{page}}',
    pageOf: 'Page {{page}} of {{pages}}',
    goToPage: 'Page {{page}}',
    pages: 'Pages',
  },
  bulk: {
    panel: 'Group actions',
    selected: 'Selected: {{count}}',
    clear: 'Clear selection',
    apply: 'Apply',
    running: 'Running: {{done}} of {{total}}',
    runningShort: 'Running…',
  },
  filter: {
    label: 'Filter',
    presets: 'Presets',
    search: 'Search',
    searchPlaceholder: 'Filter and search',
    apply: 'Find',
    reset: 'Reset',
    save: 'Save filter',
    saveAs: 'Filter name',
    removePreset: 'Remove filter “{{name}}”',
    from: 'From',
    to: 'To',
    min: 'From',
    max: 'To',
    dateField: 'Period by',
  },
  kanban: {
    board: 'Kanban',
    loadMore: 'Load more',
    noCards: 'No cards',
    moved: '“{{title}}” moved to “{{column}}”',
    conflictTitle: 'The card was changed',
    conflict: 'While you were dragging, someone else changed “{{title}}”. The card went back and the board was refreshed.',
    failed: 'Could not move “{{title}}”',
  },
  common: { cancel: 'Cancel', save: 'Save', undo: 'Undo', confirm: 'Confirm' },
};

if (!i18n.hasResourceBundle('ru', 'kit')) {
  i18n.addResourceBundle('ru', 'kit', ru, true, true);
  i18n.addResourceBundle('en', 'kit', en, true, true);
}

export function useKitT() {
  return useTranslation('kit');
}

export const kitT = (key: string, options?: Record<string, unknown>) => i18n.t(key, { ns: 'kit', ...options });
