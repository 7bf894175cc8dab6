#!/usr/bin/env node
/**
 * `npx projen test`: eslint and jest side by side, not one after the other.
 *
 * eslint is one process on one core (about 50 CPU-s on a fresh clone, where
 * its cache is empty: the type-aware rules build a TypeScript program of the
 * whole tree). Run first, it kept the second core of a 2-core machine idle
 * for as long; beside jest, the machine's cores share both. jest's output
 * streams as it runs; eslint's is held and printed when both are done, so a
 * lint problem is the last thing the run prints. The run fails when either
 * fails (eslint's exit status first). The arguments go to jest, as they did.
 */
'use strict';
const { spawn } = require('child_process');

/** Runs a command (projen puts node_modules/.bin on the PATH of its tasks); resolves with its exit status. */
function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, options);
    child.on('error', (e) => {
      process.stderr.write(`${command}: ${e.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    options.onChild?.(child);
  });
}

async function main() {
  const lintOutput = [];
  const lint = run('projen', ['eslint'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    onChild: (child) => {
      child.stdout.on('data', (chunk) => lintOutput.push(chunk));
      child.stderr.on('data', (chunk) => lintOutput.push(chunk));
    },
  });
  const jest = run('jest', ['--ci', ...process.argv.slice(2)], { stdio: 'inherit' });
  const [lintStatus, jestStatus] = await Promise.all([lint, jest]);
  process.stdout.write(Buffer.concat(lintOutput));
  if (lintStatus !== 0) process.stderr.write(`eslint failed (exit ${lintStatus}): the problems are above.\n`);
  process.exit(lintStatus !== 0 ? lintStatus : jestStatus);
}

main();
