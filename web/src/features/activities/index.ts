/** What other features use of the activities: the composer of a CRM card's timeline. */
export { ActivityComposer } from './ActivityComposer';
