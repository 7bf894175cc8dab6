/**
 * The benchmark platform as a program, for `golden-paths synth --jobs N` (the
 * bench's library-jobs variant): the Platform at App scope with its teams
 * declared with TeamEnvironment.define, so each worker process builds its
 * share. Arguments: the number of services, the compiled library's folder
 * and, optionally, a change (`service` or `settings`, see LibraryAppOptions).
 * Runs as plain JavaScript from .bench/js (bench/run.ts transpiles it).
 */
import { App } from 'cdktf';
import type * as Library from '../src';
import { type BenchChange, buildLibraryStacks } from './library-app';
import { benchPlatform } from './spec';

if (require.main === module) {
  const [services, libDir, change] = process.argv.slice(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(libDir) as typeof Library;
  const app = new App();
  buildLibraryStacks(lib, app, benchPlatform(Number(services)), { layout: 'stacks', defineTeams: true, change: change as BenchChange | undefined });
  app.synth();
}
