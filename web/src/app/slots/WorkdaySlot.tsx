/**
 * The place of the Workday panel («Рабочий день») in the top bar. The workday module
 * fills it in; until then it shows nothing.
 */
export function WorkdaySlot() {
  return null;
}
