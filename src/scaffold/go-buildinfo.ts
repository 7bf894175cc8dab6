import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// pkg/buildinfo: the version and commit a binary was built from, set at link time.

function buildinfoGo(m: ServiceModel): string {
  return `// Package buildinfo reports which version and commit a binary was built from.
//
// The Makefile and the Dockerfile set both values at link time:
//
//	go build -ldflags "-X ${m.modulePath}/pkg/buildinfo.version=v1.2.3 -X ${m.modulePath}/pkg/buildinfo.commit=abc123"
package buildinfo

import (
	"fmt"
	"runtime"
)

// Set at link time with -ldflags "-X"; the defaults describe a local development build.
var (
	version = "dev"
	commit  = "unknown"
)

// Info describes the running binary.
type Info struct {
	Version   string \`json:"version"\`
	Commit    string \`json:"commit"\`
	GoVersion string \`json:"goVersion"\`
}

// Get returns the build information of the running binary.
func Get() Info {
	return Info{Version: version, Commit: commit, GoVersion: runtime.Version()}
}

// String renders the build information on one line, for logs and --version output.
func (i Info) String() string {
	return fmt.Sprintf("%s (commit %s, %s)", i.Version, i.Commit, i.GoVersion)
}
`;
}

function buildinfoTestGo(): string {
  return `package buildinfo

import (
	"runtime"
	"testing"
)

func TestGetReportsDevelopmentDefaults(t *testing.T) {
	info := Get()
	if info.Version != "dev" || info.Commit != "unknown" {
		t.Fatalf("Get() = %+v, want version dev and commit unknown", info)
	}
	if info.GoVersion != runtime.Version() {
		t.Fatalf("GoVersion = %q, want %q", info.GoVersion, runtime.Version())
	}
}

func TestGetReportsLinkTimeValues(t *testing.T) {
	oldVersion, oldCommit := version, commit
	t.Cleanup(func() { version, commit = oldVersion, oldCommit })
	version, commit = "v1.2.3", "abc123"

	info := Get()
	if info.Version != "v1.2.3" || info.Commit != "abc123" {
		t.Fatalf("Get() = %+v, want version v1.2.3 and commit abc123", info)
	}
}

func TestStringRendersOneLine(t *testing.T) {
	got := Info{Version: "v1.2.3", Commit: "abc123", GoVersion: "go1.19"}.String()
	want := "v1.2.3 (commit abc123, go1.19)"
	if got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
}
`;
}

/** The team-owned files of this part of the service. */
export function goBuildinfoFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: 'pkg/buildinfo/buildinfo.go', content: buildinfoGo(m), ownership: FileOwnership.TEAM },
    { path: 'pkg/buildinfo/buildinfo_test.go', content: buildinfoTestGo(), ownership: FileOwnership.TEAM },
  ];
}
