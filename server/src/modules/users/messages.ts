import { defineMessages } from '../../platform/i18n/index.js';

/** Employees and departments, and the invitation letters. `{name}` placeholders are filled from the params of `t()`. */
export const usersMessages = defineMessages({
  ru: {
    'user.feed.joined': 'У нас новый сотрудник: {name}',
    'user.feed.joined_about': '{about}. Поприветствуйте нового коллегу!',
    'user.feed.welcome': 'Поприветствуйте нового коллегу!',
    'user.feed.profile': 'Открыть профиль',
    'user.email_taken': 'Этот e-mail уже используется',
    'user.phone_taken': 'Этот телефон уже используется',
    'user.already_member': 'Этот сотрудник уже есть на портале',
    'user.cannot_deactivate_self': 'Нельзя отключить самого себя',
    'user.photo_type': 'Фото должно быть картинкой PNG, JPEG или WebP',
    'user.manager_cycle': 'Сотрудник не может быть руководителем самого себя',
    'department.cycle': 'Отдел не может входить сам в себя',
    'department.has_children': 'Сначала перенесите или удалите вложенные отделы',
    'mail.invite.subject': 'Приглашение на портал «{portal}»',
    'mail.invite.text': 'Здравствуйте, {name}!\n\n{inviter} приглашает вас на портал «{portal}».\nЧтобы задать пароль и войти, откройте ссылку:\n{url}\n\nСсылка действует 7 дней.',
    'mail.invite_admin.text': 'Здравствуйте!\n\nДля вас создан портал «{portal}», вы — его администратор.\nЧтобы задать пароль и войти, откройте ссылку:\n{url}\n\nСсылка действует 7 дней.',
    'user.notification.profile_changed': 'Ваш профиль изменён',
    'user.field.position': 'должность',
    'user.field.department': 'отдел',
    'user.field.manager': 'руководитель',
    'user.field.role': 'роль',
    'user.field.first_name': 'имя',
    'user.field.last_name': 'фамилия',
    'notification.welcome.title': 'Добро пожаловать на портал',
    'notification.welcome.body': 'Сотрудник {name} присоединился к порталу',
  },
  en: {
    'user.feed.joined': 'A new colleague: {name}',
    'user.feed.joined_about': '{about}. Say hello!',
    'user.feed.welcome': 'Say hello to our new colleague!',
    'user.feed.profile': 'Open the profile',
    'user.email_taken': 'This e-mail is already in use',
    'user.phone_taken': 'This phone number is already in use',
    'user.already_member': 'This employee is already on the portal',
    'user.cannot_deactivate_self': 'You cannot deactivate yourself',
    'user.photo_type': 'The photo must be a PNG, JPEG or WebP image',
    'user.manager_cycle': 'An employee cannot be their own manager',
    'department.cycle': 'A department cannot be inside itself',
    'department.has_children': 'Move or delete the nested departments first',
    'mail.invite.subject': 'Invitation to the portal "{portal}"',
    'mail.invite.text': 'Hello, {name}!\n\n{inviter} invites you to the portal "{portal}".\nTo set your password and sign in, open the link:\n{url}\n\nThe link is valid for 7 days.',
    'mail.invite_admin.text':
      'Hello!\n\nThe portal "{portal}" has been created for you, and you are its administrator.\nTo set your password and sign in, open the link:\n{url}\n\nThe link is valid for 7 days.',
    'user.notification.profile_changed': 'Your profile was changed',
    'user.field.position': 'position',
    'user.field.department': 'department',
    'user.field.manager': 'manager',
    'user.field.role': 'role',
    'user.field.first_name': 'first name',
    'user.field.last_name': 'last name',
    'notification.welcome.title': 'Welcome to the portal',
    'notification.welcome.body': '{name} has joined the portal',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof usersMessages.ru, true> {}
}
