/**
 * What other features use of the activities: the composer of a CRM card's timeline, and the
 * pieces of «Мои дела» for other lists of activities (the deals' «Дела» and «Календарь»).
 */
export { ActivityComposer } from './ActivityComposer';
export { ActivityDialog, type ActivityDialogTarget, type OwnerRef } from './ActivityDialog';
export { CompleteBox } from './CompleteBox';
export { CreateMenu } from './CreateMenu';
export { TypeIcon, ACTIVITY_TYPES } from './types';
export { formatWhen } from './format';
export { activityKeys, useActivities, useActivityCounters, type ActivityFilter } from './api';
