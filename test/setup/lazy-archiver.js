'use strict';
/**
 * cdktf's `archiver`, loaded when it is first used rather than when cdktf is.
 *
 * cdktf requires archiver at import (lib/private/fs.js, for TerraformAsset's
 * zip archives), and with it lodash, readable-stream, glob and some 200 modules
 * in all, which every test file loads again in its own module registry: a third
 * of what `import 'cdktf'` loads. The library never makes an asset, so most
 * files never call it. jest.config.json maps `archiver` here; the first call or
 * property read loads the real package, resolved from cdktf as cdktf resolves
 * it, and everything goes to it from then on.
 */
const path = require('path');

// The stand-in itself is the library's (the synth processes' preload uses it too).
const { loadOnFirstUse } = require('../../src/private/load-on-first-use');

module.exports = loadOnFirstUse(() => {
  // By its package.json, as cdktf finds it: the bare name would resolve here again.
  const manifest = require.resolve('archiver/package.json', { paths: [path.dirname(require.resolve('cdktf/package.json'))] });
  return require(path.join(path.dirname(manifest), require(manifest).main ?? 'index.js'));
});
