import { CiWorkflow } from './ci-workflow';
import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ScaffoldPaths } from './scaffold-paths';
import { ServiceModel } from './service-model';

// README.md: how to run, configure and ship the service.

function code(text: string): string {
  return '`' + text + '`';
}

function readme(m: ServiceModel, ci: CiWorkflow): string {
  const environments = ci.environments;
  const deploys = environments.length === 0
    ? 'No deploy environments are configured.'
    : `Then ${environments.map(environment => code(`deploy-${environment.name}`)).join(', ')} roll it out, in that order, `
      + `to the namespaces ${environments.map(environment => code(`${m.teamSlug}-${environment.name}`)).join(', ')}. `
      + 'A failed rollout is undone automatically.';
  const production = environments.filter(environment => environment.production).map(environment => code(environment.name));
  const approval = production.length === 0
    ? ''
    : ` Deploys to ${production.join(', ')} wait for a reviewer's approval in the GitHub environment.`;
  const platformFiles = ScaffoldPaths.platformOwned().map(code).join(', ');

  return `# ${m.name}

${m.descriptionSentence}

A Go service on [gin](https://gin-gonic.com), created from the platform's golden path. The
team ${code(`@${m.githubOrganization}/${m.teamSlug}`)} owns this repository; the platform keeps a few files
in sync (see [Platform-managed files](#platform-managed-files)).

## Develop

\`\`\`sh
make run           # serve on http://localhost:${m.containerPort} with configs/config.yaml
make test          # unit tests with the race detector
make cover         # tests with coverage; fails below ${m.coverageThreshold}%
make lint          # golangci-lint with .golangci.yml
make build         # static binary in bin/
make docker-build  # container image
\`\`\`

## Endpoints

| Method | Path | Purpose |
| --- | --- | --- |
| GET | ${code(m.healthPath)} | Liveness probe: the process is up. |
| GET | ${code(m.readinessPath)} | Readiness probe: 503 while shutting down or when a dependency is down. |
| GET | ${code('/v1/items')} | List items. |
| POST | ${code('/v1/items')} | Create an item from ${code('{"name": "widget"}')}. |
| GET | ${code('/v1/items/{id}')} | Get one item. |

${code('api/openapi.yaml')} describes these endpoints; a test fails when it and the router disagree.

## Configuration

| Variable | Default | Meaning |
| --- | --- | --- |
| ${code('PORT')} | ${code(String(m.containerPort))} | TCP port the HTTP server listens on. |
| ${code('LOG_FORMAT')} | ${code('json')} | ${code('json')} (one JSON object per line) or ${code('text')} (key=value). |
| ${code('SHUTDOWN_TIMEOUT')} | ${code('10s')} | How long in-flight requests may run after SIGTERM. |
| ${code('CONFIG_FILE')} | unset | A YAML file with the same settings, such as ${code('configs/config.yaml')}; environment variables win. |

On SIGTERM the service fails its readiness probe, stops accepting connections and lets
in-flight requests finish within ${code('SHUTDOWN_TIMEOUT')}.

## Layout

| Path | Contents |
| --- | --- |
| ${code(`cmd/${m.name}/`)} | Entry point: configuration, HTTP server, graceful shutdown. |
| ${code('internal/handlers/')} | gin router, probes and the items API. |
| ${code('internal/service/')} | Business rules, independent of HTTP and storage. |
| ${code('internal/repository/')} | Storage: in memory for now, behind the interface the service uses. |
| ${code('internal/config/')} | Configuration loading. |
| ${code('internal/logging/')} | Structured log lines. |
| ${code('pkg/buildinfo/')} | Version and commit, set at build time. |
| ${code('api/openapi.yaml')} | The API description. |
| ${code('configs/config.yaml')} | Settings for local runs. |

## CI/CD

${code(ScaffoldPaths.CI_WORKFLOW)} runs on every pull request and on every push to ${code(ci.defaultBranch)}.
A pull request merges only when the required checks pass: ${ci.requiredChecks.map(code).join(', ')}
(total coverage of at least ${ci.coverageThreshold}%).

On ${code(ci.defaultBranch)}, ${code('build-image')} builds the Dockerfile and pushes the image to Artifact
Registry, authenticating without keys through Workload Identity Federation. ${deploys}${approval}

## Platform-managed files

${platformFiles} are kept in sync by the platform: edits made here are overwritten on the next
deploy. Ask the platform team for changes to them.
`;
}

/** The team-owned README.md. */
export function readmeFiles(m: ServiceModel, ci: CiWorkflow): ScaffoldFile[] {
  return [{ path: 'README.md', content: readme(m, ci), ownership: FileOwnership.TEAM }];
}
