import { defineMessages } from '../../platform/i18n/index.js';

/** Reactions to the portal's items. `{name}` placeholders are filled from the params of `t()`. */
export const reactionsMessages = defineMessages({
  ru: {
    'reactions.emoji_invalid': 'Реакция — это один эмодзи',
    'reactions.too_many': 'На один элемент можно оставить не больше {max} разных реакций',
    'reactions.notify_one': '{name} отреагировал(а) на {item}',
    'reactions.notify_many': '{name} и ещё {n} отреагировали на {item}',
    'reactions.item_comment': 'ваш комментарий',
    'reactions.item_task': 'вашу задачу',
    'reactions.item_feed_post': 'вашу публикацию',
    'reactions.item_other': 'ваш материал',
  },
  en: {
    'reactions.emoji_invalid': 'A reaction is one emoji',
    'reactions.too_many': 'At most {max} different reactions can be left on one item',
    'reactions.notify_one': '{name} reacted to {item}',
    'reactions.notify_many': '{name} and {n} more reacted to {item}',
    'reactions.item_comment': 'your comment',
    'reactions.item_task': 'your task',
    'reactions.item_feed_post': 'your post',
    'reactions.item_other': 'your item',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof reactionsMessages.ru, true> {}
}
