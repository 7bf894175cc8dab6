import { GOLANGCI_LINT_VERSION } from './action-pins';
import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// .golangci.yml: the linters the lint job runs.

function golangciYaml(m: ServiceModel): string {
  return `# golangci-lint v2 configuration. The CI lint job runs golangci-lint ${GOLANGCI_LINT_VERSION} with it;
# run the same locally with \`make lint\`.
version: "2"
run:
  timeout: 5m
linters:
  default: standard
  enable:
    - bodyclose
    - errorlint
    - misspell
    - unconvert
  exclusions:
    presets:
      - std-error-handling
formatters:
  enable:
    - gofmt
    - goimports
  settings:
    goimports:
      local-prefixes:
        - ${m.modulePath}
`;
}

/** The team-owned files of this part of the service. */
export function golangciConfigFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: '.golangci.yml', content: golangciYaml(m), ownership: FileOwnership.TEAM },
  ];
}
