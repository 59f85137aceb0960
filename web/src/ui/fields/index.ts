export { DateInput } from './DateInput';
export { DateTimeInput, FieldInput, MoneyInput, TypedListInput, type FieldErrors, type FieldInputProps, type MoneyDraft } from './editors';
export { UserOption, UserPicker, UsersPicker, useUserSearch, type PickedUser, type UserPickerProps, type UsersPickerProps } from './UserPicker';
export { EmptyValue, FieldValue, MoneyValue, TypedListValue, UserValue, dayOf, type FieldKind, type FieldValueProps, type TypedListKind } from './values';
export { ItemPicker, type ItemPickerProps, type PickedItem } from './ItemPicker';
