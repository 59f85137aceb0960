import uiClasses from '../ui.module.css';
import classes from './comments.module.css';
import { sanitizeRichHtml } from './rich-html';

/** Rich text shown as the editor wrote it (sanitized again here): mentions, tables, images, quotes and code styled. */
export function RichTextView({ html, className }: { html: string; className?: string }) {
  return <div className={[uiClasses.richText, classes.commentBody, className].filter(Boolean).join(' ')} dangerouslySetInnerHTML={{ __html: sanitizeRichHtml(html) }} />;
}
