/**
 * What other modules use of tasks: automation creates tasks (with a locked deadline, bound to a
 * deal), changes and closes them; the CRM shows the tasks bound to an item in its timeline.
 */
export { createTask, updateTask, applyAction, getTask, type WriteOptions } from './service.js';
export { tasksLinkedTo } from './signals/crm-links.js';
export { appendChecklist, checklistsOf } from './card/checklist.js';
