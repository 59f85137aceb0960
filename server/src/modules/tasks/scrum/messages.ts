import { defineMessages } from '../../../platform/i18n/index.js';

/** «Скрам»: sprints, epics, story points and the sprint's Kanban. */
export const scrumMessages = defineMessages({
  ru: {
    'scrum.sprint_end_before_start': 'Спринт не может закончиться раньше, чем начнётся',
    'scrum.sprint_dates_required': 'Укажите даты начала и окончания спринта',
    'scrum.sprint_already_active': 'В проекте уже идёт спринт: завершите его, прежде чем начинать следующий',
    'scrum.sprint_not_planned': 'Спринт уже начат или завершён',
    'scrum.sprint_not_active': 'Спринт не идёт сейчас',
    'scrum.sprint_completed': 'Завершённый спринт изменить нельзя',
    'scrum.sprint_invalid': 'Такого спринта нет в проекте или он уже завершён',
    'scrum.carry_over_invalid': 'Незавершённые задачи можно перенести только в бэклог или в запланированный спринт этого проекта',
    'scrum.points_negative': 'Story points не могут быть отрицательными',
    'scrum.epic_invalid': 'Такого эпика нет в проекте',
    'scrum.after_invalid': 'Задача, после которой нужно поставить эту, не в этом списке',
    'scrum.not_in_sprint': 'Задача не входит в спринт',
  },
  en: {
    'scrum.sprint_end_before_start': 'A sprint cannot end before it starts',
    'scrum.sprint_dates_required': 'Set the sprint’s start and end dates',
    'scrum.sprint_already_active': 'A sprint is already running in this project: complete it before starting the next one',
    'scrum.sprint_not_planned': 'The sprint has already started or completed',
    'scrum.sprint_not_active': 'The sprint is not running',
    'scrum.sprint_completed': 'A completed sprint cannot be changed',
    'scrum.sprint_invalid': 'There is no such sprint in the project, or it is completed',
    'scrum.carry_over_invalid': 'Unfinished items can only go to the backlog or to a planned sprint of this project',
    'scrum.points_negative': 'Story points cannot be negative',
    'scrum.epic_invalid': 'There is no such epic in the project',
    'scrum.after_invalid': 'The task to place this one after is not in that list',
    'scrum.not_in_sprint': 'The task is not in a sprint',
  },
});

declare module '../../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof scrumMessages.ru, true> {}
}
