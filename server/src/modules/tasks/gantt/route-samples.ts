import type { RouteSamples } from '../../../../test/security/sample-kit.js';

/** The route walker's rows for the Gantt: a dependency between two new tasks of the portal (its generated bodies name tasks that do not exist). */
export const ganttRouteSamples: RouteSamples = {
  creators: {
    task_dependency: async (fx, admin) => {
      const a = (await admin.post('/api/tasks', { title: 'Предшественник' })).json() as { id: number };
      const b = (await admin.post('/api/tasks', { title: 'Последователь' })).json() as { id: number };
      await admin.post('/api/tasks/gantt/dependencies', { predecessorId: a.id, successorId: b.id });
    },
  },
};
