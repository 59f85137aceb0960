export { useServerForm as useFieldErrors, type FieldErrors } from './form-kit';
