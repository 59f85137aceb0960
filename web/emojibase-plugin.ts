import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { EMOJIBASE_FILES, EMOJIBASE_LOCALES, EMOJIBASE_URL, EMOJIBASE_VERSION } from './src/ui/reactions/emojibase-path';

/** The emoji picker's data from the installed emojibase-data, served by the portal itself: emitted into the build, served by the dev server. */
export function emojibase(): Plugin {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('emojibase-data/package.json'));
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== EMOJIBASE_VERSION) throw new Error(`emojibase-data is ${version}, web/src/ui/reactions/emojibase-path.ts expects ${EMOJIBASE_VERSION}`);
  const files = EMOJIBASE_LOCALES.flatMap((locale) => EMOJIBASE_FILES.map((name) => `${locale}/${name}`));
  return {
    name: 'portal-emojibase',
    configureServer(server) {
      server.middlewares.use(`${EMOJIBASE_URL}/`, (req, res, next) => {
        const file = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        if (!files.includes(file)) return next();
        res.setHeader('content-type', 'application/json');
        fs.createReadStream(path.join(root, file)).pipe(res);
      });
    },
    generateBundle() {
      for (const file of files) this.emitFile({ type: 'asset', fileName: `${EMOJIBASE_URL.slice(1)}/${file}`, source: fs.readFileSync(path.join(root, file)) });
    },
  };
}
