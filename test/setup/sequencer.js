'use strict';
/**
 * The order jest starts the test files in: the longest first, so that the
 * last files to start are short ones and neither worker waits at the end.
 *
 * jest orders by the durations it recorded in its cache the last time it ran
 * a file, and where it has none, as on a fresh clone or with `--no-cache`, by
 * file size, which says little here: a short file may start a Go build or a
 * database server. A file jest has no duration for gets the one recorded in
 * test/setup/suite-seconds.json (seconds per file, from a whole run on two
 * workers); a file that has neither starts first, as jest starts a file it
 * knows nothing about. A failed file still starts before the others.
 *
 * To record the durations again after a whole run:
 *   npx jest --ci --json --outputFile=/tmp/jest.json
 *   node test/setup/sequencer.js /tmp/jest.json
 *
 * jest.config.json's testSequencer (https://jestjs.io/docs/configuration#testsequencer-string).
 */
const fs = require('fs');
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const RECORDED = path.join(__dirname, 'suite-seconds.json');
const ROOT = path.join(__dirname, '..', '..');

function relative(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

let recorded;
function recordedSeconds(file) {
  recorded ??= JSON.parse(fs.readFileSync(RECORDED, 'utf8'));
  return recorded[relative(file)];
}

class LongestFirstSequencer extends Sequencer {
  time(test) {
    const seconds = recordedSeconds(test.path);
    return super.time(test) ?? (seconds === undefined ? undefined : seconds * 1000);
  }
}

module.exports = LongestFirstSequencer;

if (require.main === module) {
  const [results] = process.argv.slice(2);
  if (!results) {
    process.stderr.write('usage: node test/setup/sequencer.js <jest --json output>\n');
    process.exit(2);
  }
  const seconds = {};
  const run = JSON.parse(fs.readFileSync(results, 'utf8'));
  // Relative to the checkout the run was in (the folder of its jest.config.json), which may be another clone.
  const fromRoot = (file) => {
    let dir = path.dirname(file);
    while (!fs.existsSync(path.join(dir, 'jest.config.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return path.relative(dir, file).split(path.sep).join('/');
  };
  const files = run.testResults.map((r) => ({ file: fromRoot(r.name), seconds: Math.round((r.endTime - r.startTime) / 100) / 10 }));
  for (const { file, seconds: s } of files.sort((a, b) => a.file.localeCompare(b.file))) seconds[file] = s;
  fs.writeFileSync(RECORDED, `${JSON.stringify(seconds, null, 2)}\n`);
  process.stdout.write(`${Object.keys(seconds).length} files recorded in ${relative(RECORDED)}\n`);
}
