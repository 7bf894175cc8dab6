import type { cdktf } from 'projen';

/**
 * Tasks beyond projen's defaults: the example platform (the README's main job)
 * and a type check of everything jsii does not compile (tests, examples, bench).
 */
export function configureTasks(project: cdktf.ConstructLibraryCdktf) {
  project.addTask('lint:fix', {
    description: 'Run eslint and fix what it can (`npm test` only checks)',
    exec: 'projen eslint --fix',
  });

  project.addTask('synth:example', {
    description: 'Synthesize the example platform repository (examples/platform) and team repository (examples/team-payments) and print what each made',
    steps: [
      { say: 'Platform repository: examples/platform' },
      { exec: 'ts-node --swc main.ts', cwd: 'examples/platform' },
      { say: 'Team repository: examples/team-payments (built from the platform.json above)' },
      { exec: 'ts-node --swc main.ts', cwd: 'examples/team-payments' },
    ],
  });

  project.addTask('bench', {
    description: 'Synth benchmark: the library against hand-written cdktf (see docs/benchmarks.md)',
    exec: 'ts-node --swc bench/run.ts',
    receiveArgs: true,
  });

  project.addTask('test:e2e', {
    description: 'End to end, against the packed library (needs lib/: run after compile): init a team repository, install, add services, check, synth, tsc, actionlint, scale',
    exec: 'jest --ci --testMatch "<rootDir>/test/**/*.e2e.ts"',
    receiveArgs: true,
  });

  project.addTask('typecheck', {
    description: 'Type-check tests, examples and the benchmark (jsii checks src)',
    exec: 'tsc --noEmit -p tsconfig.dev.json',
  });
}
