package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"example.com/golden-path/go-microservice/internal/handlers"
	"example.com/golden-path/go-microservice/internal/logging"
	"example.com/golden-path/go-microservice/internal/metrics"
	"example.com/golden-path/go-microservice/internal/repository"
	"example.com/golden-path/go-microservice/internal/service"
	"example.com/golden-path/go-microservice/pkg/buildinfo"
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

// waitForAddress returns the API's address from the "starting" log line.
func waitForAddress(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	return waitForLoggedAddress(t, logs, "address")
}

// waitForLoggedAddress returns a loopback address with the port of a field of the "starting" log line.
func waitForLoggedAddress(t *testing.T, logs *syncBuffer, field string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(logs.String(), "\n") {
			var event map[string]any
			if json.Unmarshal([]byte(line), &event) == nil && event["msg"] == "starting" {
				address, _ := event[field].(string)
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
	go func() { done <- run(ctx, env(map[string]string{"PORT": "0", "METRICS_PORT": "0"}), logs) }()

	address := waitForAddress(t, logs)
	for _, path := range []string{handlers.HealthPath, "/v1/items"} {
		response, err := http.Get("http://" + address + path)
		if err != nil {
			t.Fatal(err)
		}
		if err := response.Body.Close(); err != nil {
			t.Fatal(err)
		}
		if response.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d, want 200", path, response.StatusCode)
		}
	}
	// The metrics port answers the scrape with the request just served; the API's port has no metrics.
	scrape, err := http.Get("http://" + waitForLoggedAddress(t, logs, "metrics_address") + metrics.Path)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(scrape.Body)
	_ = scrape.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if want := `http_requests_total{method="GET",route="/v1/items",status="200"} 1`; !strings.Contains(string(body), want) {
		t.Fatalf("the scrape has no %q:\n%s", want, body)
	}
	if response, err := http.Get("http://" + address + metrics.Path); err != nil {
		t.Fatal(err)
	} else if _ = response.Body.Close(); response.StatusCode != http.StatusNotFound {
		t.Fatalf("GET %s on the API port = %d, want 404", metrics.Path, response.StatusCode)
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
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
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
	err = run(context.Background(), env(map[string]string{"PORT": port, "METRICS_PORT": "0"}), &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "listen on") {
		t.Fatalf("run() = %v, want a listen error", err)
	}
	err = run(context.Background(), env(map[string]string{"PORT": "0", "METRICS_PORT": port}), &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "for metrics") {
		t.Fatalf("run() = %v, want a listen error for the metrics port", err)
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
	metricsListener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logger := logging.New(&syncBuffer{}, logging.FormatJSON)
	m := metrics.New(buildinfo.Get())
	api := handlers.New(service.NewItemService(repository.NewMemoryItemRepository()), logger, m)
	err = serve(context.Background(), servers{api: listener, metrics: metricsListener}, api, m, time.Second, logger)
	if err == nil || !strings.Contains(err.Error(), "serve") {
		t.Fatalf("serve() = %v, want a serve error", err)
	}
}

func TestRealMainStopsGracefullyOnSIGTERM(t *testing.T) {
	t.Setenv("PORT", "0")
	t.Setenv("METRICS_PORT", "0")
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
