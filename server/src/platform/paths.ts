import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** The server package folder, whether running from src (tsx, tests) or the built dist bundle. */
export function serverRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.readFileSync(path.join(dir, 'package.json'), 'utf8').includes('"@vavilon/server"')) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('server package folder not found');
    dir = up;
  }
  return (root = dir);
}

export function webDistDir(): string {
  return path.resolve(serverRoot(), '..', 'web', 'dist');
}

export function moduleDir(name: string): string {
  return path.join(serverRoot(), 'src', 'modules', name);
}
