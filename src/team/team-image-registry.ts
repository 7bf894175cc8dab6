import type { Construct } from 'constructs';
import type { ImageRetentionSettings } from './team-environment-props';
import type { Platform } from '../platform/platform';
import { CHILD_ID_PREFIXES, DEPLOYED_TAG_PREFIX, FIXED_CHILD_IDS } from '../private/constants';
import { ArtifactRegistryRepository, ArtifactRegistryRepositoryIamMember } from '../private/providers/google';

/** A team's Artifact Registry repository and who may pull from it. */
export interface TeamImageRegistry {
  /** The docker repository of the team's images, named after the team. */
  readonly repository: ArtifactRegistryRepository;
  /** `roles/artifactregistry.reader` for each GKE node service account the environments name, one per account. */
  readonly readers: ArtifactRegistryRepositoryIamMember[];
}

/**
 * Makes, in `scope` (the TeamEnvironment), the team's docker repository in the
 * platform's project and region, with cleanup policies from `retention` (and
 * one that keeps the images environments run, tagged `deployed-<env>` by CI), and
 * grants the environments' GKE node service accounts the right to pull.
 */
export function makeImageRegistry(
  scope: Construct, platform: Platform, name: string, labels: { [key: string]: string }, retention: ImageRetentionSettings,
  project = platform.gcpProject,
): TeamImageRegistry {
  const seconds = (days: number) => `${days * 24 * 60 * 60}s`;
  const repository = new ArtifactRegistryRepository(scope, FIXED_CHILD_IDS.TEAM_REGISTRY, {
    project,
    location: platform.region,
    repositoryId: name,
    format: 'DOCKER',
    description: `Container images of the ${name} team`,
    labels,
    cleanupPolicyDryRun: false,
    cleanupPolicies: [
      { id: 'keep-recent', action: 'KEEP', mostRecentVersions: { keepCount: retention.keepRecentVersions } },
      // What each environment runs, however old: CI tags it deployed-<environment> after a rollout.
      { id: 'keep-deployed', action: 'KEEP', condition: { tagState: 'TAGGED', tagPrefixes: [DEPLOYED_TAG_PREFIX] } },
      { id: 'delete-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: seconds(retention.deleteUntaggedAfterDays) } },
      ...(retention.deleteTaggedAfterDays === undefined ? [] : [
        { id: 'delete-tagged', action: 'DELETE', condition: { tagState: 'TAGGED', olderThan: seconds(retention.deleteTaggedAfterDays) } },
      ]),
    ],
  });

  const readers: ArtifactRegistryRepositoryIamMember[] = [];
  const accounts = new Set<string>();
  for (const env of platform.environments) {
    const nodes = env.gkeNodeServiceAccount;
    if (nodes === undefined || accounts.has(nodes)) continue;
    accounts.add(nodes);
    readers.push(new ArtifactRegistryRepositoryIamMember(scope, `${CHILD_ID_PREFIXES.TEAM_REGISTRY_READER}${env.name}`, {
      project: repository.project,
      location: repository.location,
      repository: repository.name,
      role: 'roles/artifactregistry.reader',
      member: `serviceAccount:${nodes}`,
    }));
  }
  return { repository, readers };
}
