import { Checkbox, Tooltip } from '@mantine/core';
import type { Activity } from '@vavilon/contracts';
import { showError, showUndoable } from '../../ui/toasts';
import { useCompleteActivity } from './api';
import { useActT } from './i18n';

/** The checkbox of «Выполнено»: done at once, with «Отменить» in the toast. */
export function CompleteBox({ activity: a }: { activity: Activity }) {
  const { t } = useActT();
  const complete = useCompleteActivity();
  const toggle = (on: boolean) =>
    complete.mutate(
      { id: a.id, body: { completed: on, version: a.version } },
      {
        onSuccess: (done) =>
          showUndoable(t(on ? 'completedToast' : 'reopenedToast', { subject: done.subject }), () => complete.mutateAsync({ id: done.id, body: { completed: !on } }).catch(showError)),
        onError: showError,
      },
    );
  // The box keeps the state asked for until the activity comes back changed: no flicker back meanwhile.
  const asked = complete.variables;
  const showing = asked && (complete.isPending || (complete.isSuccess && asked.body.version === a.version)) ? asked.body.completed : a.completed;
  return (
    <Tooltip label={a.completed ? t('reopen') : t('done')} withinPortal openDelay={400}>
      <Checkbox
        radius="xl"
        color="green"
        aria-label={t('markDone', { subject: a.subject })}
        checked={showing}
        disabled={!a.abilities.edit || complete.isPending}
        onClick={(e) => e.stopPropagation()}
        onChange={(e) => toggle(e.currentTarget.checked)}
      />
    </Tooltip>
  );
}
