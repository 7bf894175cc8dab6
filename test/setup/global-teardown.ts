import { closeRunTmpdir } from './run-tmpdir';

/** Once per jest run, after the last test file: the run's temp folder goes (test/setup/run-tmpdir.ts). */
export default function globalTeardown(): void {
  closeRunTmpdir();
}
