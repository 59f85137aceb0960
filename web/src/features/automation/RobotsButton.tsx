import { Button } from '@mantine/core';
import { IconRobot } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMayConfigure } from './access';
import { useAutoT } from './words';

/** «Роботы» on the deals page: the pipeline's designer, for those who may set it up. */
export function RobotsButton({ pipelineId }: { pipelineId: number | undefined }) {
  const { t } = useAutoT();
  const may = useMayConfigure();
  if (!may || !pipelineId) return null;
  return (
    <Button component={Link} to={`/crm/automation/${pipelineId}`} variant="default" leftSection={<IconRobot size={18} />}>
      {t('designer.title')}
    </Button>
  );
}
