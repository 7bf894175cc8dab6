import { Construct } from 'constructs';
import type { TerraformResource } from '../private/cdk';
import { dependOn } from '../private/dependencies';
import { RepositoryFile } from '../private/providers/github';
import { terraformLiteral } from '../private/terraform-literal';
import { FileOwnership } from '../scaffold/file-ownership';
import type { ScaffoldFile } from '../scaffold/scaffold-file';
import { ScaffoldPaths } from '../scaffold/scaffold-paths';

/** Properties of a {@link RepositoryFiles}. */
export interface RepositoryFilesProps {
  /** The repository's name (`${github_repository.<repository>.name}`). */
  readonly repositoryRef: string;
  /** The default branch's name (`${github_branch_default.<repository>.branch}`). */
  readonly branchRef: string;
}

/**
 * The files a ServiceRepository commits (`github_repository_file`), its child
 * `files`: one commit after another, the CI workflow's commit the last.
 */
export class RepositoryFiles extends Construct {
  private readonly _files = new Map<string, RepositoryFile>();
  private readonly _fileOwnership = new Map<string, FileOwnership>();
  private lastFile?: RepositoryFile;
  /** Each file's commit and the one it waits for: how a file added later goes in before the workflow. */
  private readonly _previousFile = new Map<RepositoryFile, RepositoryFile | undefined>();
  private readonly repositoryRef: string;
  private readonly branchRef: string;

  public constructor(scope: Construct, id: string, props: RepositoryFilesProps) {
    super(scope, id);
    this.repositoryRef = props.repositoryRef;
    this.branchRef = props.branchRef;
  }

  /** The file resource at a repository path, if committed. */
  public get(path: string): RepositoryFile | undefined {
    return this._files.get(path);
  }

  /** Every committed path, in commit order. */
  public get paths(): string[] {
    return [...this._files.keys()];
  }

  /** Every file resource, in commit order. */
  public get resources(): RepositoryFile[] {
    return [...this._files.values()];
  }

  /** Who owns the file at a committed path. */
  public ownership(path: string): FileOwnership | undefined {
    return this._fileOwnership.get(path);
  }

  /** The last commit (the CI workflow's, once it is committed). */
  public get last(): RepositoryFile | undefined {
    return this.lastFile;
  }

  /**
   * Commits a file after the others (before the CI workflow once that is
   * committed: its commit stays the last), waiting also for `prerequisites`.
   */
  public commitFile(file: ScaffoldFile, prerequisites: TerraformResource[] = []): RepositoryFile {
    const teamOwned = file.ownership === FileOwnership.TEAM;
    // The workflow's commit stays the last: a file added after it goes in just before it.
    const workflow = this._files.get(ScaffoldPaths.CI_WORKFLOW);
    const previous = workflow ? this._previousFile.get(workflow) : this.lastFile;
    const resource = new RepositoryFile(this, file.path.replace(/\//g, '--'), {
      repository: this.repositoryRef,
      branch: this.branchRef,
      file: file.path,
      content: terraformLiteral(file.content),
      commitMessage: commitMessage(file),
      // auto_init commits a README.md; the scaffold's replaces it.
      overwriteOnCreate: true,
      // After creation a team-owned file is the team's: later edits are not reverted.
      lifecycle: teamOwned ? { ignoreChanges: ['content', 'commit_message'] } : undefined,
    });
    // One commit at a time: parallel commits to a branch fail with 409 conflicts.
    dependOn(resource, ...(previous ? [previous] : []), ...prerequisites);
    this._previousFile.set(resource, previous);
    this._fileOwnership.set(file.path, file.ownership);
    if (workflow === undefined) {
      this._files.set(file.path, resource);
      this.lastFile = resource;
      return resource;
    }
    // The workflow now waits for this file instead of the one before it.
    const address = (r: TerraformResource) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
    const before = previous === undefined ? undefined : address(previous);
    workflow.dependsOn = [...(workflow.dependsOn ?? []).filter((d) => d !== before), address(resource)];
    this._previousFile.set(workflow, resource);
    const inOrder = [...this._files].filter(([path]) => path !== ScaffoldPaths.CI_WORKFLOW);
    this._files.clear();
    for (const [path, committed] of [...inOrder, [file.path, resource] as const, [ScaffoldPaths.CI_WORKFLOW, workflow] as const]) {
      this._files.set(path, committed);
    }
    return resource;
  }
}

/**
 * GitHub starts no push workflow for a commit whose message contains `[skip ci]`
 * ("Skipping workflow runs",
 * https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/skipping-workflow-runs).
 * A platform-owned file other than the workflow carries it, so its syncs start
 * no build and no deploy. The workflow's commit is the one that starts the
 * first run (the last commit: before it the branch has no workflow), and the
 * GitHub provider sends a file's one `commit_message` on create and on every
 * update alike, so the workflow's syncs run it too: the run that shows a new
 * pipeline works. Team-owned files are committed once, before the workflow
 * exists, and never again.
 */
export const SKIP_CI = '[skip ci]';

function commitMessage(file: ScaffoldFile): string {
  if (file.ownership === FileOwnership.TEAM) return `Scaffold ${file.path} (cdktf-golden-paths)`;
  const sync = `Sync ${file.path} from the platform (cdktf-golden-paths)`;
  return file.path === ScaffoldPaths.CI_WORKFLOW ? sync : `${sync} ${SKIP_CI}`;
}
