import type { cdktf } from 'projen';

/**
 * Tests run through a transpile-only transform (swc): type checking belongs to
 * the jsii compile and the `typecheck` task, and ts-jest's per-file type check
 * over the provider typings would make the suite several times slower.
 * projen's Jest component always wires ts-jest, so jest is configured here, in
 * jest.config.json, instead. It runs one worker per core (jest's default leaves
 * one core idle): the slowest suites wait on subprocesses (go, eslint, the CLI),
 * which then overlap with the other worker.
 */
export function configureJest(project: cdktf.ConstructLibraryCdktf) {
  project.addDevDeps('jest@^30', '@types/jest@^30');
  // eslint beside jest (projenrc/test-run.js): run first, it kept one core of two idle while it linted.
  project.testTask.reset('node projenrc/test-run.js', { receiveArgs: true });
  project.addTask('test:watch', { exec: 'jest --watch' });
  project.gitignore.exclude('/coverage/');
  project.npmignore?.exclude('/coverage/', 'jest.config.json');
}
