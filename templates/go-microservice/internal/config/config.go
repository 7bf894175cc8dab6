// Package config loads the service configuration: built-in defaults, then the
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
	DefaultPort            = 18080
	DefaultMetricsPort     = 19090
	DefaultLogFormat       = "json"
	DefaultShutdownTimeout = 10 * time.Second
)

// Config is the runtime configuration of the service.
type Config struct {
	// Port is the TCP port the HTTP server listens on (PORT).
	Port int
	// MetricsPort is the TCP port the metrics server listens on
	// (METRICS_PORT); it serves the Prometheus metrics and nothing else.
	MetricsPort int
	// LogFormat is "json" or "text" (LOG_FORMAT).
	LogFormat string
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// after SIGTERM (SHUTDOWN_TIMEOUT, a Go duration such as "10s").
	ShutdownTimeout time.Duration
}

// fileConfig mirrors configs/config.yaml; every key is optional.
type fileConfig struct {
	Port            *int   `yaml:"port"`
	MetricsPort     *int   `yaml:"metrics_port"`
	LogFormat       string `yaml:"log_format"`
	ShutdownTimeout string `yaml:"shutdown_timeout"`
}

// Default returns the built-in configuration.
func Default() Config {
	return Config{Port: DefaultPort, MetricsPort: DefaultMetricsPort, LogFormat: DefaultLogFormat, ShutdownTimeout: DefaultShutdownTimeout}
}

// Load builds the configuration from the defaults, the file named by
// CONFIG_FILE and the PORT, METRICS_PORT, LOG_FORMAT and SHUTDOWN_TIMEOUT variables, read
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
	if file.MetricsPort != nil {
		c.MetricsPort = *file.MetricsPort
	}
	if file.LogFormat != "" {
		c.LogFormat = file.LogFormat
	}
	if file.ShutdownTimeout != "" {
		timeout, err := time.ParseDuration(file.ShutdownTimeout)
		if err != nil {
			return fmt.Errorf("parse CONFIG_FILE %s: shutdown_timeout %q is not a duration such as \"10s\"", path, file.ShutdownTimeout)
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
	if value := getenv("METRICS_PORT"); value != "" {
		port, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("METRICS_PORT %q is not a number: set it to a TCP port between 1 and 65535", value)
		}
		c.MetricsPort = port
	}
	if value := getenv("LOG_FORMAT"); value != "" {
		c.LogFormat = value
	}
	if value := getenv("SHUTDOWN_TIMEOUT"); value != "" {
		timeout, err := time.ParseDuration(value)
		if err != nil {
			return fmt.Errorf("SHUTDOWN_TIMEOUT %q is not a duration such as \"10s\"", value)
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
	if c.MetricsPort < 0 || c.MetricsPort > 65535 {
		return fmt.Errorf("metrics port %d is out of range: use a TCP port between 1 and 65535 (0 picks a free port)", c.MetricsPort)
	}
	if c.MetricsPort != 0 && c.MetricsPort == c.Port {
		return fmt.Errorf("metrics port %d is the port of the API: give the metrics their own port", c.MetricsPort)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return fmt.Errorf("log format %q is not supported: use \"json\" or \"text\"", c.LogFormat)
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

// MetricsListenAddress is the address the metrics server binds: every interface, on MetricsPort.
func (c Config) MetricsListenAddress() string {
	return ":" + strconv.Itoa(c.MetricsPort)
}
