export { CalendarGrid, CalendarToolbar, periodTitle, type CalendarGridProps } from './CalendarGrid';
export { addDays, calendarRange, isoDay, layoutRow, parseDay, shiftDay, stepDate, type CalendarItem, type CalendarView, type Segment } from './model';
