// The kit's date field; the CRM's filters import it from here.
export { DateInput } from '../../ui/fields/DateInput';
