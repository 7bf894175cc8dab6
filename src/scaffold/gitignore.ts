import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';

// .gitignore: build and coverage output, local editor and environment files.

const GITIGNORE = `# Build and test output
/bin/
/coverage.out
*.test

# Local settings
.env
.idea/
.vscode/
`;

/** The team-owned .gitignore. */
export function gitignoreFiles(): ScaffoldFile[] {
  return [{ path: '.gitignore', content: GITIGNORE, ownership: FileOwnership.TEAM }];
}
