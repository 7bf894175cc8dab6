/**
 * The benchmark platform as a program, for `golden-paths synth --jobs N` (the
 * bench's library-jobs variant): the Platform at App scope with its teams
 * declared with TeamEnvironment.define, so each worker process builds its
 * share. Arguments: the number of services, the compiled library's folder,
 * a change (`service` or `settings`, see LibraryAppOptions; `-` for none) and
 * which services have a database (`all` or `half`, see BenchOptions).
 * Runs as plain JavaScript from .bench/js (bench/run.ts transpiles it).
 */
import { App } from 'cdktf';
import type * as Library from '../src';
import { type BenchChange, buildLibraryStacks } from './library-app';
import { benchPlatform } from './spec';

if (require.main === module) {
  const [services, libDir, change, databases] = process.argv.slice(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(libDir) as typeof Library;
  const app = new App();
  const spec = benchPlatform(Number(services), undefined, { databases: databases === 'half' ? 'half' : 'all' });
  buildLibraryStacks(lib, app, spec, { layout: 'stacks', defineTeams: true, change: change === '-' || change === undefined ? undefined : change as BenchChange });
  app.synth();
}
