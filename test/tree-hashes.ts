import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The sha256 of every file under `dir`, by path relative to it: two synth outputs compare file by file. */
export function treeHashes(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else files[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    }
  };
  walk(dir);
  return files;
}
