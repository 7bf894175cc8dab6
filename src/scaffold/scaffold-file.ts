import { FileOwnership } from './file-ownership';

/**
 * One file of a scaffolded service repository.
 */
export interface ScaffoldFile {
  /**
   * Path inside the repository: forward slashes, no leading slash.
   */
  readonly path: string;

  /**
   * The full text of the file.
   */
  readonly content: string;

  /**
   * Whether the team owns the file after creation or the platform keeps it in sync.
   */
  readonly ownership: FileOwnership;
}
