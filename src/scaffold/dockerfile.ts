import { FileOwnership } from './file-ownership';
import { GO_VERSION } from './go-dependencies';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// Dockerfile and .dockerignore: a static binary in a distroless, non-root image.

function dockerfile(m: ServiceModel): string {
  return `# syntax=docker/dockerfile:1

# Build stage: a static binary (CGO_ENABLED=0) that needs no C library at run time.
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \\
      -ldflags "-s -w -X ${m.modulePath}/pkg/buildinfo.version=\${VERSION} -X ${m.modulePath}/pkg/buildinfo.commit=\${COMMIT}" \\
      -o /out/${m.name} ./cmd/${m.name}

# Run stage: distroless static has no shell or package manager. The numeric
# nonroot user (65532) lets Kubernetes verify runAsNonRoot.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/${m.name} /${m.name}
USER 65532:65532
ENV PORT=${m.containerPort}
EXPOSE ${m.containerPort}
ENTRYPOINT ["/${m.name}"]
`;
}

function dockerignore(): string {
  return `# Only what the image build needs goes into the build context.
.git
.github
.idea
.vscode
.env
bin
coverage.out
*.md
**/*_test.go
Dockerfile
.dockerignore
`;
}

/** The team-owned files of this part of the service. */
export function dockerfileFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: 'Dockerfile', content: dockerfile(m), ownership: FileOwnership.TEAM },
    { path: '.dockerignore', content: dockerignore(), ownership: FileOwnership.TEAM },
  ];
}
