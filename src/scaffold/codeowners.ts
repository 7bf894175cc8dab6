import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ScaffoldPaths } from './scaffold-paths';
import { ServiceModel } from './service-model';

// CODEOWNERS: the owning team reviews every change.

/** The platform-owned CODEOWNERS file. */
export function codeownersFiles(m: ServiceModel): ScaffoldFile[] {
  const content = [
    '# Kept in sync by the platform: edits here are overwritten on the next deploy.',
    `# Every change needs a review from ${m.githubOrganization}/${m.teamSlug}.`,
    `* @${m.githubOrganization}/${m.teamSlug}`,
    '',
  ].join('\n');
  return [{ path: ScaffoldPaths.CODEOWNERS, content, ownership: FileOwnership.PLATFORM }];
}
