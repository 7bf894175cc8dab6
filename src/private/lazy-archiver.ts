/**
 * cdktf's `archiver`, loaded when cdktf first uses it rather than when cdktf
 * is loaded.
 *
 * cdktf requires archiver at import (lib/private/fs.js, for the zip archives
 * of a `TerraformAsset`), and with it lodash, readable-stream, glob and some
 * 200 modules in all: most of what `require('cdktf')` costs (0.25 to 0.3 of
 * 0.35 to 0.4 CPU-s), in every process of a synth. The library never makes an
 * asset, so a synth of its constructs never calls archiver.
 *
 * `golden-paths synth` preloads this file (`--require` in NODE_OPTIONS, see
 * src/cli/synth.ts) into the processes of the app. It changes one require:
 * `archiver` asked for by cdktf's lib/private/fs.js gets a stand-in, and the
 * stand-in's first call or property read loads the real package, as cdktf
 * would have, and hands everything to it from then on. Any other require of
 * archiver (the app's own) is left alone. Loaded twice, it hooks once.
 * test/setup/lazy-archiver.js does the same for jest's module registry.
 *
 * This file runs before the app in every node process the app starts: it
 * requires nothing but node's own modules and its sibling load-on-first-use.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'path';
import { loadOnFirstUse } from './load-on-first-use';

/** The part of node's CommonJS loader this file hooks (node's `Module._load`). */
type Load = (request: string, parent: NodeModule | null | undefined, isMain: boolean) => unknown;

const Module = require('module') as { _load: Load };

/** What marks the hooked loader, so that a second preload does not hook it again. */
const HOOKED = Symbol.for('cdktf-golden-paths.lazyArchiver');

/** The module of cdktf that requires archiver. */
const CDKTF_FS = `${path.sep}${path.join('cdktf', 'lib', 'private', 'fs.js')}`;

/** Whether `request` from `parent` is cdktf's require of archiver. */
function cdktfArchiver(request: string, parent: NodeModule | null | undefined): boolean {
  return request === 'archiver' && typeof parent?.filename === 'string' && parent.filename.endsWith(CDKTF_FS);
}

/** Hooks node's loader so that cdktf gets archiver on first use; a no-op when hooked already. */
export function loadArchiverLazily(): void {
  const load = Module._load;
  if ((load as any)[HOOKED]) return;
  const hooked: Load = function loadWithLazyArchiver(this: unknown, request, parent, isMain) {
    if (cdktfArchiver(request, parent)) return loadOnFirstUse(() => load.call(this, request, parent, isMain));
    return load.call(this, request, parent, isMain);
  };
  Object.defineProperty(hooked, HOOKED, { value: true });
  Module._load = hooked;
}

loadArchiverLazily();
