// Package buildinfo reports which version and commit a binary was built from.
//
// The Makefile and the Dockerfile set both values at link time:
//
//	go build -ldflags "-X example.com/golden-path/go-microservice/pkg/buildinfo.version=v1.2.3 -X example.com/golden-path/go-microservice/pkg/buildinfo.commit=abc123"
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
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"goVersion"`
}

// Get returns the build information of the running binary.
func Get() Info {
	return Info{Version: version, Commit: commit, GoVersion: runtime.Version()}
}

// String renders the build information on one line, for logs and --version output.
func (i Info) String() string {
	return fmt.Sprintf("%s (commit %s, %s)", i.Version, i.Commit, i.GoVersion)
}
