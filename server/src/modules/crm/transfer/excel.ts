/** exceljs weighs some 17 MB in memory: it is loaded on the first Excel import or export, not at start. */
export const loadExcel = () => import('exceljs');
