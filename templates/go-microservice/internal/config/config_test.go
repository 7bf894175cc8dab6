package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(values map[string]string) func(string) string {
	return func(key string) string { return values[key] }
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg != Default() {
		t.Fatalf("Load() = %+v, want the defaults %+v", cfg, Default())
	}
	if cfg.Port != 18080 || cfg.LogFormat != "json" || cfg.ShutdownTimeout != 10*time.Second {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
	if cfg.ListenAddress() != ":18080" {
		t.Fatalf("ListenAddress() = %q", cfg.ListenAddress())
	}
	if cfg.MetricsPort != 19090 || cfg.MetricsListenAddress() != ":19090" {
		t.Fatalf("MetricsPort = %d, MetricsListenAddress() = %q", cfg.MetricsPort, cfg.MetricsListenAddress())
	}
}

func TestLoadFromEnvironment(t *testing.T) {
	cfg, err := Load(env(map[string]string{"PORT": "9090", "METRICS_PORT": "9091", "LOG_FORMAT": "text", "SHUTDOWN_TIMEOUT": "3s"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 9090, MetricsPort: 9091, LogFormat: "text", ShutdownTimeout: 3 * time.Second}
	if cfg != want {
		t.Fatalf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestShippedConfigFileLoads(t *testing.T) {
	cfg, err := Load(env(map[string]string{"CONFIG_FILE": filepath.Join("..", "..", "configs", "config.yaml")}))
	if err != nil {
		t.Fatalf("configs/config.yaml must load: %v", err)
	}
	if cfg.Port != 18080 || cfg.MetricsPort != 19090 || cfg.LogFormat != "text" {
		t.Fatalf("unexpected configuration from configs/config.yaml: %+v", cfg)
	}
}

func TestEnvironmentOverridesFile(t *testing.T) {
	path := writeFile(t, "port: 7000\nmetrics_port: 7100\nlog_format: text\nshutdown_timeout: 2s\n")
	cfg, err := Load(env(map[string]string{"CONFIG_FILE": path, "PORT": "7001"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 7001, MetricsPort: 7100, LogFormat: "text", ShutdownTimeout: 2 * time.Second}
	if cfg != want {
		t.Fatalf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestLoadRejectsBadInput(t *testing.T) {
	cases := map[string]struct {
		env  map[string]string
		file string
		want string
	}{
		"port not a number":         {env: map[string]string{"PORT": "http"}, want: `PORT "http" is not a number`},
		"port out of range":         {env: map[string]string{"PORT": "70000"}, want: "port 70000 is out of range"},
		"metrics port not a number": {env: map[string]string{"METRICS_PORT": "x"}, want: `METRICS_PORT "x" is not a number`},
		"metrics port out of range": {env: map[string]string{"METRICS_PORT": "-1"}, want: "metrics port -1 is out of range"},
		"metrics port is the port":  {env: map[string]string{"PORT": "7000", "METRICS_PORT": "7000"}, want: "metrics port 7000 is the port of the API"},
		"unknown log format":        {env: map[string]string{"LOG_FORMAT": "xml"}, want: `log format "xml" is not supported`},
		"bad timeout":               {env: map[string]string{"SHUTDOWN_TIMEOUT": "soon"}, want: `SHUTDOWN_TIMEOUT "soon" is not a duration`},
		"zero timeout":              {env: map[string]string{"SHUTDOWN_TIMEOUT": "0s"}, want: "must be positive"},
		"unknown key in file":       {file: "colour: blue\n", want: "parse CONFIG_FILE"},
		"bad timeout in file":       {file: "shutdown_timeout: later\n", want: `shutdown_timeout "later" is not a duration`},
		"missing file":              {env: map[string]string{"CONFIG_FILE": "does-not-exist.yaml"}, want: "read CONFIG_FILE"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			values := map[string]string{}
			for key, value := range tc.env {
				values[key] = value
			}
			if tc.file != "" {
				values["CONFIG_FILE"] = writeFile(t, tc.file)
			}
			_, err := Load(env(values))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load() error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
