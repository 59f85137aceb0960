import { SECRET, sendFile, type RouteSamples } from '../../../test/security/sample-kit.js';

/** A file row comes from an upload (multipart), which the walker cannot make from a schema. */
export const routeSamples: RouteSamples = {
  creators: {
    file: async (fx, admin) => {
      await sendFile(fx.t, admin, fx.p.portal.name, '/api/files', `${SECRET}.txt`, `${SECRET}: содержимое файла`, 'text/plain');
    },
  },
};
