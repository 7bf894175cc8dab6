/**
 * The baseline's template folder, made once from the library: the files of
 * a service repository rendered for a sentinel service, with the sentinel's
 * names turned into placeholders. A hand-written program would keep such a
 * folder in its repository; the benchmark writes it to a JSON file that the
 * baseline reads.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import type * as Library from '../src';
import type { Templates } from './baseline';
import { buildLibraryStack } from './library-app';
import type { BenchPlatform } from './spec';

const SENTINEL = { service: 'zqsvcx', team: 'zqteamx', description: 'Zqdescx sentinel' } as const;

/** The repository files of one service as templates, in commit order. */
export function makeTemplates(lib: typeof Library): Templates {
  const spec: BenchPlatform = {
    organization: 'acme',
    gcpProject: 'acme-prod',
    region: 'europe-west1',
    network: 'projects/acme-net/global/networks/shared',
    services: 1,
    teams: [{
      name: SENTINEL.team,
      maintainers: ['lead-0001'],
      members: ['dev-0001'],
      services: [{
        name: SENTINEL.service,
        description: SENTINEL.description,
        team: SENTINEL.team,
        system: SENTINEL.team,
        database: { name: `${SENTINEL.service}-db`, engine: 'postgres' },
      }],
    }],
  };
  const app: App = Testing.app();
  const stack: TerraformStack = buildLibraryStack(lib, app, spec, { guardrails: 'off' });
  const json = JSON.parse(Testing.synth(stack));
  const service = stack.node.findAll().find(lib.GoMicroservice.isGoMicroservice)!;
  const byPath = new Map<string, { content: string; lifecycle?: unknown }>();
  for (const file of Object.values<any>(json.resource.github_repository_file)) byPath.set(file.file, file);
  const teamOwned = new Set(service.repository.createOncePaths);
  // The database grant Job's scripts and SQL, as a hand-written program would keep them in files.
  const job = Object.values<any>(json.resource.kubernetes_job_v1)[0].spec.template.spec;
  const grantsSql = Object.values<any>(json.resource.kubernetes_config_map_v1).find((c) => c.data['postgres-grants.sql']).data['postgres-grants.sql'];
  return {
    files: service.repository.filePaths.map((path) => ({
      path: placeholders(path),
      content: placeholders(byPath.get(path)!.content),
      teamOwned: teamOwned.has(path),
    })),
    grantJob: { passwordScript: job.init_container[0].command[2], grantsScript: job.container[0].command[2], grantsSql },
    rolloutPolicy: (({ variables, validations }) => ({ variables, validations }))(
      Object.values<any>(json.resource.kubernetes_manifest).find((m) => m.manifest.kind === 'ValidatingAdmissionPolicy').manifest.spec),
  };
}

function placeholders(text: string): string {
  for (const [key, value] of Object.entries(SENTINEL)) {
    if (text.toLowerCase().split(value.toLowerCase()).length !== text.split(value).length) {
      throw new Error(`the sentinel "${value}" appears in another case in a template; the templates would be wrong`);
    }
    text = text.split(value).join(`{{${key}}}`);
  }
  return text;
}
