import { useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Slider, useSliderClose } from '../../../ui/slider';
import { useItem } from '../api';
import { ConfirmDialog } from '../common';
import { useCrmT } from '../i18n';
import { isEntityType, type CrmItem } from '../types';
import { EntityCard } from './EntityCard';
import classes from '../crm.module.css';

function useCardParams() {
  const { entity, id } = useParams();
  const n = Number(id);
  return { entity: isEntityType(entity) ? entity : null, id: Number.isInteger(n) && n >= 0 ? n : null };
}

/** The card over the page it was opened from: a slider from the right; Esc or ✕ closes it. */
export function CardSlider() {
  const { t } = useCrmT();
  const { entity, id } = useCardParams();
  const [dirty, setDirty] = useState(false);
  const [asking, setAsking] = useState(false);
  const { closing, close } = useSliderClose();
  const item = useItem<CrmItem>(entity ?? 'deal', entity && id ? id : 0);
  const title = item.data?.title;

  const requestClose = () => (dirty ? setAsking(true) : close());

  if (!entity || id === null) return null;
  const label = id === 0 ? t(`entity.${entity}.new`) : `${t(`entity.${entity}.one`)}${title ? `: ${title}` : ` #${id}`}`;
  return (
    <>
      <Slider opened={!closing} onClose={requestClose} label={label} closeOnEscape={!asking}>
        <EntityCard key={`${entity}-${id}`} entity={entity} id={id} mode="slider" onClose={requestClose} onDirtyChange={setDirty} />
      </Slider>
      <ConfirmDialog
        opened={asking}
        title={t('card.discardTitle')}
        message={t('card.discard')}
        confirmLabel={t('card.discardConfirm')}
        onConfirm={() => {
          setAsking(false);
          close();
        }}
        onClose={() => setAsking(false)}
      />
    </>
  );
}

/** The same card as a page of its own, for a shared link; a card opened over a list stays a slider there, reloads included. */
export default function CardPage() {
  const { entity, id } = useCardParams();
  const navigate = useNavigate();
  if (!entity || id === null) return <Navigate to="/crm/deal" replace />;
  return (
    <div className={classes.cardPage}>
      <EntityCard key={`${entity}-${id}`} entity={entity} id={id} mode="page" onClose={() => navigate(entity === 'deal' ? '/crm/deal' : `/crm/${entity}/list`)} />
    </div>
  );
}
