import { SECRET, type Fixture, type RouteSamples } from '../../../test/security/sample-kit.js';
import { driveUpload } from '../../../test/drive-support.js';

const itemOf = (fx: Fixture) => fx.prefer?.drive_item ?? fx.ids.drive_item?.[0] ?? 1;

/** A folder and a file (a resumable upload, which no JSON route makes) in the administrator's drive, and a public link to the file. */
export const routeSamples: RouteSamples = {
  samples: {
    'POST /api/drive/folders': async (fx) => ({ body: { parentId: itemOf(fx), name: 'Новая папка' } }),
    'PATCH /api/drive/items/:id': async (fx) => ({ params: { id: itemOf(fx) }, body: { name: 'Переименовано' } }),
    'POST /api/drive/items/move': async (fx) => ({ body: { ids: [itemOf(fx)], targetId: itemOf(fx) } }),
    'POST /api/drive/items/copy': async (fx) => ({ body: { ids: [itemOf(fx)], targetId: itemOf(fx) } }),
    'PUT /api/drive/items/:id/shares': async (fx) => ({ params: { id: itemOf(fx) }, body: { shares: [] } }),
    'POST /api/drive/items/:id/links': async (fx) => ({ params: { id: itemOf(fx) }, body: { downloadOnly: true } }),
    'POST /api/drive/uploads/check': async (fx) => ({ body: { folderId: itemOf(fx), files: [{ name: 'a.txt', size: 1 }] } }),
    'PUT /api/drive/quota': async () => ({ body: { portalBytes: null, userBytes: null } }),
    'POST /api/public/drive/:token/unlock': async () => ({ params: { token: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, body: { password: 'secret' } }),
  },
  params: {
    '/api/drive/uploads/:uploadId': () => ({ uploadId: '0123456789abcdef0123456789abcdef' }),
    '/api/public/drive/:token': () => ({ token: 'aaaaaaaaaaaaaaaaaaaaaaaa' }),
    '/api/public/drive/:token/content': () => ({ token: 'aaaaaaaaaaaaaaaaaaaaaaaa' }),
    '/api/public/drive/:token/unlock': () => ({ token: 'aaaaaaaaaaaaaaaaaaaaaaaa' }),
  },
  creators: {
    drive_item: async (_fx, admin) => {
      const my = ((await admin.get('/api/drive/storages')).json() as { my: { rootId: number } }).my;
      const folder = (await admin.post('/api/drive/folders', { parentId: my.rootId, name: `${SECRET} папка` })).json() as { id: number };
      await driveUpload(admin, folder.id, `${SECRET}.txt`, `${SECRET}: содержимое`);
    },
    drive_link: async (fx, admin) => {
      const items = (await admin.get(`/api/drive/items/${itemOf(fx)}/children`)).json() as { items?: { id: number }[] };
      await admin.post(`/api/drive/items/${items.items?.[0]?.id ?? itemOf(fx)}/links`, {});
    },
  },
};
