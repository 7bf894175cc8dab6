#!/usr/bin/env node
/**
 * Runs the eslint command line it is given with a cache that belongs to one
 * exact tree: `--cache-location node_modules/.cache/eslint/<hash>`, the hash of
 * every file git tracks or would track (content and path) plus the eslint and
 * TypeScript configuration. eslint's own cache keys each file on its content
 * only, which the type-aware rules (`no-floating-promises`, `return-await`)
 * defeat: a file's result also depends on the types of the files it imports.
 * Keyed on the whole tree, a second run of an unchanged tree reuses every
 * result, and any change lints everything again: never a stale pass.
 * Outside a git checkout it runs eslint without a cache.
 */
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const CACHE_DIR = path.join('node_modules', '.cache', 'eslint');
/** How many trees' caches to keep (e.g. two branches switched between). */
const KEEP = 4;

function treeHash() {
  let files;
  try {
    files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0').filter((f) => f.length > 0);
  } catch {
    return undefined;
  }
  const hash = crypto.createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    let content;
    try {
      content = fs.readFileSync(file);
    } catch {
      continue; // deleted but still in the index
    }
    hash.update(file).update('\0').update(crypto.createHash('sha256').update(content).digest()).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const [command, ...args] = process.argv.slice(2);
const key = treeHash();
const cacheArgs = key === undefined ? [] : ['--cache', '--cache-strategy', 'content', '--cache-location', path.join(CACHE_DIR, key)];
if (key !== undefined && fs.existsSync(CACHE_DIR)) {
  const others = fs.readdirSync(CACHE_DIR).filter((f) => f !== key)
    .map((f) => ({ f, t: fs.statSync(path.join(CACHE_DIR, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of others.slice(KEEP - 1)) fs.rmSync(path.join(CACHE_DIR, f), { recursive: true, force: true });
}
const result = spawnSync(command, [...cacheArgs, ...args], { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
