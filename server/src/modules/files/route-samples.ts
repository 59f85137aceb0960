import sharp from 'sharp';
import { SECRET, sendFile, type RouteSamples } from '../../../test/security/sample-kit.js';
import { uploadFile } from '../../../test/files-support.js';

/** A file row comes from an upload (multipart), which the walker cannot make from a schema. */
export const routeSamples: RouteSamples = {
  samples: {
    // The portal's newest file is the image below: its preview route has something to make.
    'GET /api/files/:id/preview': async (fx) => (fx.ids.file?.length ? { params: { id: fx.ids.file.at(-1)! } } : {}),
  },
  creators: {
    file: async (fx, admin) => {
      await sendFile(fx.t, admin, fx.p.portal.name, '/api/files', `${SECRET}.txt`, `${SECRET}: содержимое файла`, 'text/plain');
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c03' } })
        .png()
        .toBuffer();
      await uploadFile(fx.t, admin, png, `${SECRET}.png`, 'image/png');
    },
  },
};
