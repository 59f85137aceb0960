import { SECRET, type RouteSamples } from '../../../../test/security/sample-kit.js';

/** A checklist line of a task made by portal A's administrator (the generated checklist bodies name no real group). */
export const cardRouteSamples: RouteSamples = {
  creators: {
    task_checklist_item: async (_fx, admin) => {
      const task = (await admin.post('/api/tasks', { title: SECRET })).json() as { id: number };
      await admin.post(`/api/tasks/${task.id}/checklist`, { title: SECRET });
    },
  },
};
