import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@vavilon/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** «Сотрудники — Vavilon»: the page, then the portal. */
export function useDocumentTitle(title: string | null | undefined, suffix?: string): void {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const portalTitle = suffix ?? qc.getQueryData<Me>(['me'])?.portal.title ?? t('app.title');
  useEffect(() => {
    if (!title) return;
    document.title = portalTitle ? `${title} — ${portalTitle}` : title;
  }, [title, portalTitle]);
}
