import { defineMessages } from '../../../platform/i18n/index.js';

export const triggersMessages = defineMessages({
  ru: {
    'automation.triggers.type.field_value': 'Изменение поля',
    'automation.triggers.type.task_completed': 'Задача выполнена',
    'automation.triggers.type.activity_completed': 'Дело выполнено',
    'automation.triggers.type.pipeline_item': 'Сделка в другой воронке',
    'automation.triggers.type.webhook': 'Входящий вебхук',
    'automation.triggers.moved': 'Сделка перемещена триггером «{name}»',
    'automation.triggers.failed': 'Триггер «{name}» не переместил сделку: {reason}',
    'automation.triggers.loop': 'Роботы перемещают сделку по кругу: остановлено',
    'automation.triggers.hook_deal_missing': 'Укажите номер сделки в параметре dealId',
    'automation.triggers.hook_deal_unknown': 'Сделка не найдена в воронке этого вебхука',
  },
  en: {
    'automation.triggers.type.field_value': 'Field changed',
    'automation.triggers.type.task_completed': 'Task completed',
    'automation.triggers.type.activity_completed': 'Activity completed',
    'automation.triggers.type.pipeline_item': 'Deal in another pipeline',
    'automation.triggers.type.webhook': 'Incoming webhook',
    'automation.triggers.moved': 'Deal moved by trigger «{name}»',
    'automation.triggers.failed': 'Trigger «{name}» did not move the deal: {reason}',
    'automation.triggers.loop': 'Robots are moving the deal in circles: stopped',
    'automation.triggers.hook_deal_missing': 'Give the deal number in the dealId parameter',
    'automation.triggers.hook_deal_unknown': 'No such deal in this webhook’s pipeline',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof triggersMessages.ru, true> {}
}
