import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Slider, useSliderClose } from '../../../ui/slider';
import { useTask } from '../api';
import { useTasksT } from '../i18n';
import { TaskCardView } from './TaskCard';
import './i18n';

function useTaskId(): number | null {
  const n = Number(useParams().id);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** The card over the view it was opened from: a slider from the right; Esc or ✕ closes it (asking first while a change is unsaved). */
export function TaskCardSlider() {
  const { t } = useTasksT();
  const id = useTaskId();
  const { closing, close } = useSliderClose();
  const [dirty, setDirty] = useState(false);
  const task = useTask(id || null);
  if (id === null) return null;
  const requestClose = () => {
    if (dirty && !window.confirm(t('card.discard'))) return;
    close();
  };
  const label = id === 0 ? t('card.new') : `${t('card.one')}: ${task.data?.title ?? `#${id}`}`;
  return (
    <Slider opened={!closing} onClose={requestClose} label={label}>
      <TaskCardView key={id} id={id} mode="slider" onClose={requestClose} onDirtyChange={setDirty} />
    </Slider>
  );
}

/** A task's card at its own address; /tasks/task/0 is the new-task form. */
export default function TaskCardPage() {
  const id = useTaskId();
  const navigate = useNavigate();
  return <TaskCardView key={id ?? -1} id={id ?? -1} mode="page" onClose={() => navigate('/tasks/list')} />;
}
