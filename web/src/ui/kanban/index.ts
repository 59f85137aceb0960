export { KanbanBoard, KanbanSkeleton, type KanbanBoardProps, type KanbanMove, type CardState } from './KanbanBoard';
export { moveCard, replaceCard, textOn, type BoardColumn } from './model';
