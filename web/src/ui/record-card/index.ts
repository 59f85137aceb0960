export { ConflictBanner, type ConflictBannerProps } from './ConflictBanner';
export { RecordCard, RecordCardError, RecordCardSkeleton, RecordForm, type RecordCardProps, type RecordFormProps, type RecordMenuItem } from './RecordCard';
export { RecordFieldRow, RecordSection, type RecordFieldRowProps, type RecordSectionProps } from './RecordSection';
export { SaveBar } from './SaveBar';
export { useKeepPlace } from './use-keep-place';
export { useRecordDraft, type RecordDraftOptions } from './use-record-draft';
