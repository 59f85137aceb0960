export { ResultsBlock, type ResultsBlockProps } from './ResultsBlock';
export { RequestDialog } from './RequestDialog';

/** The card block of «Воронка обзвона» that holds the result fields (the preset's layout names it so). */
export const RESULTS_BLOCK = 'results';
