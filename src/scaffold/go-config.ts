import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// internal/config and configs/config.yaml: defaults, an optional YAML file, then environment variables.

function configGo(m: ServiceModel): string {
  return `// Package config loads the service configuration: built-in defaults, then the
// YAML file named by CONFIG_FILE (when set), then environment variables.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"gopkg.in/yaml.v2"
)

// Defaults used when neither the configuration file nor the environment sets a value.
const (
	DefaultPort            = ${m.containerPort}
	DefaultLogFormat       = "json"
	DefaultShutdownTimeout = 10 * time.Second
)

// Config is the runtime configuration of the service.
type Config struct {
	// Port is the TCP port the HTTP server listens on (PORT).
	Port int
	// LogFormat is "json" or "text" (LOG_FORMAT).
	LogFormat string
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// after SIGTERM (SHUTDOWN_TIMEOUT, a Go duration such as "10s").
	ShutdownTimeout time.Duration
}

// fileConfig mirrors configs/config.yaml; every key is optional.
type fileConfig struct {
	Port            *int   \`yaml:"port"\`
	LogFormat       string \`yaml:"log_format"\`
	ShutdownTimeout string \`yaml:"shutdown_timeout"\`
}

// Default returns the built-in configuration.
func Default() Config {
	return Config{Port: DefaultPort, LogFormat: DefaultLogFormat, ShutdownTimeout: DefaultShutdownTimeout}
}

// Load builds the configuration from the defaults, the file named by
// CONFIG_FILE and the PORT, LOG_FORMAT and SHUTDOWN_TIMEOUT variables, read
// through getenv (os.Getenv in production, a map in tests).
func Load(getenv func(string) string) (Config, error) {
	cfg := Default()
	if path := getenv("CONFIG_FILE"); path != "" {
		if err := cfg.applyFile(path); err != nil {
			return Config{}, err
		}
	}
	if err := cfg.applyEnv(getenv); err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func (c *Config) applyFile(path string) error {
	data, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return fmt.Errorf("read CONFIG_FILE: %w", err)
	}
	var file fileConfig
	if err := yaml.UnmarshalStrict(data, &file); err != nil {
		return fmt.Errorf("parse CONFIG_FILE %s: %w", path, err)
	}
	if file.Port != nil {
		c.Port = *file.Port
	}
	if file.LogFormat != "" {
		c.LogFormat = file.LogFormat
	}
	if file.ShutdownTimeout != "" {
		timeout, err := time.ParseDuration(file.ShutdownTimeout)
		if err != nil {
			return fmt.Errorf("parse CONFIG_FILE %s: shutdown_timeout %q is not a duration such as \\"10s\\"", path, file.ShutdownTimeout)
		}
		c.ShutdownTimeout = timeout
	}
	return nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	if value := getenv("PORT"); value != "" {
		port, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("PORT %q is not a number: set it to a TCP port between 1 and 65535", value)
		}
		c.Port = port
	}
	if value := getenv("LOG_FORMAT"); value != "" {
		c.LogFormat = value
	}
	if value := getenv("SHUTDOWN_TIMEOUT"); value != "" {
		timeout, err := time.ParseDuration(value)
		if err != nil {
			return fmt.Errorf("SHUTDOWN_TIMEOUT %q is not a duration such as \\"10s\\"", value)
		}
		c.ShutdownTimeout = timeout
	}
	return nil
}

// Validate reports the first setting that is out of range.
func (c Config) Validate() error {
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("port %d is out of range: use a TCP port between 1 and 65535 (0 picks a free port)", c.Port)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return fmt.Errorf("log format %q is not supported: use \\"json\\" or \\"text\\"", c.LogFormat)
	}
	if c.ShutdownTimeout <= 0 {
		return fmt.Errorf("shutdown timeout %s must be positive", c.ShutdownTimeout)
	}
	return nil
}

// ListenAddress is the address the HTTP server binds: every interface, on Port.
func (c Config) ListenAddress() string {
	return ":" + strconv.Itoa(c.Port)
}
`;
}

function configTestGo(m: ServiceModel): string {
  return `package config

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
	if cfg.Port != ${m.containerPort} || cfg.LogFormat != "json" || cfg.ShutdownTimeout != 10*time.Second {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
	if cfg.ListenAddress() != ":${m.containerPort}" {
		t.Fatalf("ListenAddress() = %q", cfg.ListenAddress())
	}
}

func TestLoadFromEnvironment(t *testing.T) {
	cfg, err := Load(env(map[string]string{"PORT": "9090", "LOG_FORMAT": "text", "SHUTDOWN_TIMEOUT": "3s"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 9090, LogFormat: "text", ShutdownTimeout: 3 * time.Second}
	if cfg != want {
		t.Fatalf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestShippedConfigFileLoads(t *testing.T) {
	cfg, err := Load(env(map[string]string{"CONFIG_FILE": filepath.Join("..", "..", "configs", "config.yaml")}))
	if err != nil {
		t.Fatalf("configs/config.yaml must load: %v", err)
	}
	if cfg.Port != ${m.containerPort} || cfg.LogFormat != "text" {
		t.Fatalf("unexpected configuration from configs/config.yaml: %+v", cfg)
	}
}

func TestEnvironmentOverridesFile(t *testing.T) {
	path := writeFile(t, "port: 7000\\nlog_format: text\\nshutdown_timeout: 2s\\n")
	cfg, err := Load(env(map[string]string{"CONFIG_FILE": path, "PORT": "7001"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 7001, LogFormat: "text", ShutdownTimeout: 2 * time.Second}
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
		"port not a number":   {env: map[string]string{"PORT": "http"}, want: \`PORT "http" is not a number\`},
		"port out of range":   {env: map[string]string{"PORT": "70000"}, want: "port 70000 is out of range"},
		"unknown log format":  {env: map[string]string{"LOG_FORMAT": "xml"}, want: \`log format "xml" is not supported\`},
		"bad timeout":         {env: map[string]string{"SHUTDOWN_TIMEOUT": "soon"}, want: \`SHUTDOWN_TIMEOUT "soon" is not a duration\`},
		"zero timeout":        {env: map[string]string{"SHUTDOWN_TIMEOUT": "0s"}, want: "must be positive"},
		"unknown key in file": {file: "colour: blue\\n", want: "parse CONFIG_FILE"},
		"bad timeout in file": {file: "shutdown_timeout: later\\n", want: \`shutdown_timeout "later" is not a duration\`},
		"missing file":        {env: map[string]string{"CONFIG_FILE": "does-not-exist.yaml"}, want: "read CONFIG_FILE"},
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
`;
}

function configYaml(m: ServiceModel): string {
  return `# Runtime settings of ${m.name}. The service reads this file only when the
# CONFIG_FILE environment variable points at it (\`make run\` does); otherwise the
# built-in defaults apply. Environment variables override every value here:
#   PORT, LOG_FORMAT, SHUTDOWN_TIMEOUT.
port: ${m.containerPort}
log_format: text
shutdown_timeout: 10s
`;
}

/** The team-owned files of this part of the service. */
export function goConfigFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: 'internal/config/config.go', content: configGo(m), ownership: FileOwnership.TEAM },
    { path: 'internal/config/config_test.go', content: configTestGo(m), ownership: FileOwnership.TEAM },
    { path: 'configs/config.yaml', content: configYaml(m), ownership: FileOwnership.TEAM },
  ];
}
