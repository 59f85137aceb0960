import { defineMessages } from '../../../platform/i18n/index.js';

/** The warehouses' words on the server. */
export const storeMessages = defineMessages({
  ru: {
    'store.quantity_precision': 'Не больше трёх знаков после запятой',
    'store.price_invalid': 'Укажите цену числом, не меньше нуля, с копейками через точку',
    'store.date_invalid': 'Укажите дату в виде ГГГГ-ММ-ДД',
    'store.product_unknown': 'Такого товара нет в каталоге',
    'store.product_service': 'Услуга не хранится на складе',
    'store.warehouse_unknown': 'Такого склада нет',
    'store.warehouse_same': 'Склад-получатель должен отличаться от склада-отправителя',
    'store.warehouse_to_required': 'Укажите склад-получатель',
    'store.warehouse_to_unexpected': 'Склад-получатель указывают только в перемещении',
    'store.warehouse_in_use': 'По складу есть документы или остатки: удалить его нельзя, сделайте его неактивным',
    'store.responsible_unknown': 'Такого сотрудника нет',
    'store.rows_empty': 'Добавьте в документ хотя бы один товар',
    'store.not_draft': 'Документ уже проведён или отменён: изменить его нельзя',
    'store.not_posted': 'Отменить проведение можно только у проведённого документа',
    'store.already_posted': 'Документ уже проведён',
    'store.delete_posted': 'Проведённый документ удалить нельзя: сначала отмените проведение',
    'store.stock_short': 'Не хватает: {list}',
    'store.stock_short_row': '«{name}» — {short} {unit}',
    'store.no_rights': 'Нет доступа к складскому учёту',
  },
  en: {
    'store.quantity_precision': 'At most three decimals',
    'store.price_invalid': 'Enter the price as a number, not below zero, with a point before the kopecks',
    'store.date_invalid': 'Enter the date as YYYY-MM-DD',
    'store.product_unknown': 'No such product in the catalogue',
    'store.product_service': 'A service is not kept in a warehouse',
    'store.warehouse_unknown': 'No such warehouse',
    'store.warehouse_same': 'The receiving warehouse must differ from the sending one',
    'store.warehouse_to_required': 'Choose the receiving warehouse',
    'store.warehouse_to_unexpected': 'Only a move names a receiving warehouse',
    'store.warehouse_in_use': 'The warehouse has documents or stock: it cannot be deleted, make it inactive instead',
    'store.responsible_unknown': 'No such employee',
    'store.rows_empty': 'Add at least one product to the document',
    'store.not_draft': 'The document is posted or cancelled already: it cannot be changed',
    'store.not_posted': 'Only a posted document can be cancelled',
    'store.already_posted': 'The document is posted already',
    'store.delete_posted': 'A posted document cannot be deleted: cancel it first',
    'store.stock_short': 'Not enough stock: {list}',
    'store.stock_short_row': '«{name}» — {short} {unit}',
    'store.no_rights': 'No access to the warehouses',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof storeMessages.ru, true> {}
}
