import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';

/** The operator's words in Russian and English, in the `operator` namespace. */
const ru = {
  title: 'Порталы',
  subtitle: 'Управление установкой',
  hint: 'Все порталы этой установки. Каждый портал — отдельная компания со своими сотрудниками, CRM и настройками.',
  create: 'Создать портал',
  columns: { name: 'Адрес', title: 'Название', members: 'Участники', created: 'Создан' },
  invited_one: 'приглашён {{count}}',
  invited_few: 'приглашены {{count}}',
  invited_many: 'приглашены {{count}}',
  invited_other: 'приглашены {{count}}',
  open: 'Открыть',
  empty: 'Порталов пока нет',
  emptyHint: 'Создайте первый портал: укажите его адрес, название и e-mail администратора.',
  form: {
    title: 'Новый портал',
    name: 'Адрес',
    nameHint: 'Строчные латинские буквы, цифры и дефис, от 3 до 40 символов',
    namePlaceholder: 'stroy',
    preview: 'Портал откроется по адресу',
    portalTitle: 'Название',
    titlePlaceholder: 'Стройка и ремонт',
    adminEmail: 'E-mail администратора',
    adminEmailHint: 'Администратор получит приглашение и задаст пароль сам',
    submit: 'Создать',
    cancel: 'Отменить',
  },
  created: {
    title: 'Портал «{{title}}» создан',
    link: 'Ссылка-приглашение',
    linkHint: 'Передайте ссылку администратору ({{email}}): по ней он задаст пароль и войдёт в портал. Ссылка действует 7 дней.',
    copy: 'Скопировать',
    copied: 'Скопировано',
    openLink: 'Открыть ссылку',
    done: 'Готово',
  },
  signIn: 'Войдите учётной записью оператора',
  denied: 'Нет доступа',
  deniedHint: 'Управлять порталами может только оператор установки.',
  deniedHow: 'Права оператора выдают на сервере командой',
  toPassport: 'К моим порталам',
  logout: 'Выйти',
  manage: 'Управление порталами',
};

type Dict = { [K in keyof typeof ru]: (typeof ru)[K] extends string ? string : { [P in keyof (typeof ru)[K]]: string } };

const en: Dict = {
  title: 'Portals',
  subtitle: 'Install management',
  hint: 'Every portal of this install. Each portal is a separate company with its own employees, CRM and settings.',
  create: 'Create portal',
  columns: { name: 'Address', title: 'Title', members: 'Members', created: 'Created' },
  invited_one: '{{count}} invited',
  invited_few: '{{count}} invited',
  invited_many: '{{count}} invited',
  invited_other: '{{count}} invited',
  open: 'Open',
  empty: 'No portals yet',
  emptyHint: "Create the first portal: give its address, title and the administrator's e-mail.",
  form: {
    title: 'New portal',
    name: 'Address',
    nameHint: 'Lowercase latin letters, digits and hyphens, 3 to 40 characters',
    namePlaceholder: 'stroy',
    preview: 'The portal will open at',
    portalTitle: 'Title',
    titlePlaceholder: 'Construction and repair',
    adminEmail: 'Administrator e-mail',
    adminEmailHint: 'The administrator gets an invitation and sets a password',
    submit: 'Create',
    cancel: 'Cancel',
  },
  created: {
    title: 'Portal "{{title}}" created',
    link: 'Invitation link',
    linkHint: 'Give the link to the administrator ({{email}}): it sets a password and opens the portal. The link is valid for 7 days.',
    copy: 'Copy',
    copied: 'Copied',
    openLink: 'Open link',
    done: 'Done',
  },
  signIn: 'Sign in with an operator account',
  denied: 'No access',
  deniedHint: 'Only an operator of the install may manage portals.',
  deniedHow: 'Operator rights are granted on the server with',
  toPassport: 'To my portals',
  logout: 'Sign out',
  manage: 'Manage portals',
};

if (!i18n.hasResourceBundle('ru', 'operator')) {
  i18n.addResourceBundle('ru', 'operator', ru, true, true);
  i18n.addResourceBundle('en', 'operator', en, true, true);
}

/** `t` of the operator namespace. */
export function useOperatorT() {
  return useTranslation('operator');
}
