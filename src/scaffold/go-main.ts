import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// cmd/<name>: the entry point; graceful shutdown on SIGTERM.

function mainGo(m: ServiceModel): string {
  return `// Command ${m.name} serves the ${m.name} HTTP API.
//
// ${m.descriptionSentence}
//
// It reads its settings from the environment (see internal/config), logs one
// line per event to stdout, and on SIGTERM stops taking new connections,
// fails its readiness probe and lets in-flight requests finish.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"${m.modulePath}/internal/config"
	"${m.modulePath}/internal/handlers"
	"${m.modulePath}/internal/logging"
	"${m.modulePath}/internal/repository"
	"${m.modulePath}/internal/service"
	"${m.modulePath}/pkg/buildinfo"
)

const serviceName = "${m.name}"

func main() {
	os.Exit(realMain())
}

// realMain runs the service until SIGTERM or SIGINT and returns the exit code.
func realMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\\n", serviceName, err)
		return 1
	}
	return 0
}

// run loads the configuration, listens on the configured port and serves
// until ctx is done.
func run(ctx context.Context, getenv func(string) string, logOutput io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := logging.New(logOutput, logging.Format(cfg.LogFormat))

	listener, err := net.Listen("tcp", cfg.ListenAddress())
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddress(), err)
	}
	api := handlers.New(service.NewItemService(repository.NewMemoryItemRepository()), logger)
	logger.Info("starting",
		"service", serviceName,
		"version", buildinfo.Get().Version,
		"commit", buildinfo.Get().Commit,
		"address", listener.Addr().String(),
	)
	return serve(ctx, listener, api, cfg.ShutdownTimeout, logger)
}

// serve answers HTTP on listener until ctx is done, then fails readiness and
// drains in-flight requests for at most shutdownTimeout.
func serve(ctx context.Context, listener net.Listener, api *handlers.API, shutdownTimeout time.Duration, logger *logging.Logger) error {
	server := &http.Server{
		Handler:           api.Router(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", shutdownTimeout.String())
	api.SetReady(false)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}
`;
}

function mainTestGo(m: ServiceModel): string {
  return `package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"${m.modulePath}/internal/handlers"
	"${m.modulePath}/internal/logging"
	"${m.modulePath}/internal/repository"
	"${m.modulePath}/internal/service"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes logs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func env(values map[string]string) func(string) string {
	return func(key string) string { return values[key] }
}

// waitForAddress returns the address from the "starting" log line.
func waitForAddress(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(logs.String(), "\\n") {
			var event map[string]any
			if json.Unmarshal([]byte(line), &event) == nil && event["msg"] == "starting" {
				address, _ := event["address"].(string)
				_, port, err := net.SplitHostPort(address)
				if err != nil {
					t.Fatal(err)
				}
				return "127.0.0.1:" + port
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the service did not log its address: %q", logs.String())
	return ""
}

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, env(map[string]string{"PORT": "0"}), logs) }()

	address := waitForAddress(t, logs)
	response, err := http.Get("http://" + address + handlers.HealthPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := response.Body.Close(); err != nil {
		t.Fatal(err)
	}
	if response.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", handlers.HealthPath, response.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run() = %v, want a clean shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run() did not return after cancellation")
	}
	if !strings.Contains(logs.String(), \`"msg":"stopped"\`) {
		t.Fatalf("logs do not show a clean stop: %q", logs.String())
	}
}

func TestRunRejectsInvalidConfiguration(t *testing.T) {
	err := run(context.Background(), env(map[string]string{"PORT": "not-a-port"}), &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "PORT") {
		t.Fatalf("run() = %v, want a PORT error", err)
	}
}

func TestRunReportsAPortInUse(t *testing.T) {
	taken, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = taken.Close() })
	_, port, err := net.SplitHostPort(taken.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), env(map[string]string{"PORT": port}), &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "listen on") {
		t.Fatalf("run() = %v, want a listen error", err)
	}
}

func TestServeReportsAFailedListener(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := listener.Close(); err != nil {
		t.Fatal(err)
	}
	logger := logging.New(&syncBuffer{}, logging.FormatJSON)
	api := handlers.New(service.NewItemService(repository.NewMemoryItemRepository()), logger)
	err = serve(context.Background(), listener, api, time.Second, logger)
	if err == nil || !strings.Contains(err.Error(), "serve") {
		t.Fatalf("serve() = %v, want a serve error", err)
	}
}

func TestRealMainStopsGracefullyOnSIGTERM(t *testing.T) {
	t.Setenv("PORT", "0")
	t.Setenv("LOG_FORMAT", "json")
	t.Setenv("CONFIG_FILE", "")
	// Until realMain installs its handler, SIGTERM must not kill the test binary.
	caught := make(chan os.Signal, 1)
	signal.Notify(caught, syscall.SIGTERM)
	defer signal.Stop(caught)

	exitCode := make(chan int, 1)
	go func() { exitCode <- realMain() }()

	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	ticker := time.NewTicker(50 * time.Millisecond)
	defer ticker.Stop()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case code := <-exitCode:
			if code != 0 {
				t.Fatalf("realMain() = %d, want 0 after SIGTERM", code)
			}
			return
		case <-ticker.C:
			if err := self.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		case <-timeout:
			t.Fatal("realMain() did not stop on SIGTERM")
		}
	}
}

func TestRealMainFailsOnBadConfiguration(t *testing.T) {
	t.Setenv("PORT", "99999")
	t.Setenv("CONFIG_FILE", "")
	if code := realMain(); code != 1 {
		t.Fatalf("realMain() = %d, want 1", code)
	}
}
`;
}

/** The team-owned files of this part of the service. */
export function goMainFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: `cmd/${m.name}/main.go`, content: mainGo(m), ownership: FileOwnership.TEAM },
    { path: `cmd/${m.name}/main_test.go`, content: mainTestGo(m), ownership: FileOwnership.TEAM },
  ];
}
