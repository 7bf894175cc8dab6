package buildinfo

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
