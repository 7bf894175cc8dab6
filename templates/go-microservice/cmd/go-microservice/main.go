// Command go-microservice serves the go-microservice HTTP API.
//
// {{ descriptionSentence }}
//
// It reads its settings from the environment (see internal/config), logs one
// line per event to stdout, serves its Prometheus metrics on a port of their
// own, and on SIGTERM stops taking new connections, fails its readiness probe
// and lets in-flight requests finish.
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

	"example.com/golden-path/go-microservice/internal/config"
	"example.com/golden-path/go-microservice/internal/handlers"
	"example.com/golden-path/go-microservice/internal/logging"
	"example.com/golden-path/go-microservice/internal/metrics"
	"example.com/golden-path/go-microservice/internal/repository"
	"example.com/golden-path/go-microservice/internal/service"
	"example.com/golden-path/go-microservice/pkg/buildinfo"
)

const serviceName = "go-microservice"

func main() {
	os.Exit(realMain())
}

// realMain runs the service until SIGTERM or SIGINT and returns the exit code.
func realMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", serviceName, err)
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
	metricsListener, err := net.Listen("tcp", cfg.MetricsListenAddress())
	if err != nil {
		_ = listener.Close()
		return fmt.Errorf("listen on %s for metrics: %w", cfg.MetricsListenAddress(), err)
	}
	m := metrics.New(buildinfo.Get())
	api := handlers.New(service.NewItemService(repository.NewMemoryItemRepository()), logger, m)
	logger.Info("starting",
		"service", serviceName,
		"version", buildinfo.Get().Version,
		"commit", buildinfo.Get().Commit,
		"address", listener.Addr().String(),
		"metrics_address", metricsListener.Addr().String(),
	)
	return serve(ctx, servers{api: listener, metrics: metricsListener}, api, m, cfg.ShutdownTimeout, logger)
}

// servers are the listeners of the API and of the metrics.
type servers struct {
	api, metrics net.Listener
}

// serve answers HTTP on the API listener and metrics scrapes on the metrics
// listener until ctx is done, then fails readiness and drains in-flight
// requests for at most shutdownTimeout. The metrics stop last, so a scrape
// during the drain still answers.
func serve(ctx context.Context, listeners servers, api *handlers.API, m *metrics.Metrics, shutdownTimeout time.Duration, logger *logging.Logger) error {
	server := &http.Server{
		Handler:           api.Router(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	metricsServer := &http.Server{
		Handler:           m.Mux(),
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      15 * time.Second,
	}
	served := make(chan error, 2)
	go func() { served <- server.Serve(listeners.api) }()
	go func() { served <- metricsServer.Serve(listeners.metrics) }()

	select {
	case err := <-served:
		_ = server.Close()
		_ = metricsServer.Close()
		<-served
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", shutdownTimeout.String())
	api.SetReady(false)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	shutdownErr := server.Shutdown(shutdownCtx)
	if err := metricsServer.Shutdown(shutdownCtx); shutdownErr == nil {
		shutdownErr = err
	}
	if shutdownErr != nil {
		return fmt.Errorf("shutdown: %w", shutdownErr)
	}
	for i := 0; i < 2; i++ {
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
	}
	logger.Info("stopped")
	return nil
}
