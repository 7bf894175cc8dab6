import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// Makefile: build, test, lint and cover targets; cover fails below the threshold.

function makefile(m: ServiceModel): string {
  return `# Build, test and lint ${m.name}. Run \`make help\` for the list of targets.
SERVICE            := ${m.name}
MODULE             := ${m.modulePath}
COVERAGE_THRESHOLD ?= ${m.coverageThreshold}
VERSION            ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT             ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS            := -s -w -X $(MODULE)/pkg/buildinfo.version=$(VERSION) -X $(MODULE)/pkg/buildinfo.commit=$(COMMIT)
IMAGE              ?= $(SERVICE):$(VERSION)

.DEFAULT_GOAL := help
.PHONY: help build test lint cover run docker-build clean

help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-13s %s\\n", $$1, $$2 }' $(MAKEFILE_LIST)

build: ## Compile a static binary into bin/
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o bin/$(SERVICE) ./cmd/$(SERVICE)

test: ## Run the unit tests with the race detector
	go test -race ./...

lint: ## Run golangci-lint with .golangci.yml
	golangci-lint run ./...

cover: ## Run the tests with coverage; fail below COVERAGE_THRESHOLD percent
	go test -covermode=atomic -coverprofile=coverage.out ./...
	@total=$$(go tool cover -func=coverage.out | awk '/^total:/ { sub(/%/, "", $$3); print $$3 }'); \\
	echo "total coverage: $\${total}% (threshold $(COVERAGE_THRESHOLD)%)"; \\
	awk -v total="$$total" -v min="$(COVERAGE_THRESHOLD)" 'BEGIN { exit (total + 0 < min + 0) }' \\
		|| { echo "coverage $\${total}% is below the threshold of $(COVERAGE_THRESHOLD)%"; exit 1; }

run: ## Run the service locally with configs/config.yaml
	CONFIG_FILE=configs/config.yaml go run ./cmd/$(SERVICE)

docker-build: ## Build the container image
	docker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) --tag $(IMAGE) .

clean: ## Remove build and coverage output
	rm -rf bin coverage.out
`;
}

/** The team-owned files of this part of the service. */
export function makefileFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: 'Makefile', content: makefile(m), ownership: FileOwnership.TEAM },
  ];
}
