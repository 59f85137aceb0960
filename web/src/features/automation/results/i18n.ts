import { useTranslation } from 'react-i18next';
import { addAutomationWords } from '../i18n';

addAutomationWords(
  {
    results: {
      hint: 'Выберите результат — роботы стадии сработают сразу',
      again: 'Повторить «{{value}}»',
      againShort: 'Повторить',
      notChosen: 'Не выбрано',
      applied: '«{{field}}»: {{value}}',
      request: {
        title: 'Новый крайний срок',
        deadline: 'Новый крайний срок',
        current: 'Сейчас крайний срок: {{deadline}}',
        save: 'Сохранить',
        later: 'Позже',
        required: 'Укажите дату и время',
        saved: 'Крайний срок задачи изменён',
      },
    },
  },
  {
    results: {
      hint: 'Choose a result: the stage’s robots act at once',
      again: 'Repeat «{{value}}»',
      againShort: 'Repeat',
      notChosen: 'Not chosen',
      applied: '«{{field}}»: {{value}}',
      request: {
        title: 'New deadline',
        deadline: 'New deadline',
        current: 'The deadline now: {{deadline}}',
        save: 'Save',
        later: 'Later',
        required: 'Enter the date and time',
        saved: 'The task’s deadline has changed',
      },
    },
  },
);

export function useResultsT() {
  return useTranslation('automation', { keyPrefix: 'results' });
}
