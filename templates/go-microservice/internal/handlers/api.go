// Package handlers exposes the service over HTTP with gin: the liveness and
// readiness probes Kubernetes calls, and the items API described in
// api/openapi.yaml.
package handlers

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"example.com/golden-path/go-microservice/internal/logging"
	"example.com/golden-path/go-microservice/internal/metrics"
	"example.com/golden-path/go-microservice/internal/repository"
)

// Probe paths, matching the Deployment's liveness and readiness probes.
const (
	HealthPath    = "/healthz"
	ReadinessPath = "/readyz"
)

// Items is what the handlers need from the service layer;
// service.ItemService implements it.
type Items interface {
	Create(ctx context.Context, name string) (repository.Item, error)
	Get(ctx context.Context, id string) (repository.Item, error)
	List(ctx context.Context) ([]repository.Item, error)
	Ready(ctx context.Context) error
}

// API holds the HTTP handlers and the readiness state.
type API struct {
	items   Items
	logger  *logging.Logger
	metrics *metrics.Metrics
	ready   atomic.Bool
}

// New returns an API that is ready to take traffic. With m set, every request
// but the probes is counted and timed in m.
func New(items Items, logger *logging.Logger, m *metrics.Metrics) *API {
	api := &API{items: items, logger: logger, metrics: m}
	api.ready.Store(true)
	return api
}

// SetReady marks the API ready or not; while not ready the readiness probe
// fails, so Kubernetes stops routing traffic here (used during shutdown).
func (a *API) SetReady(ready bool) {
	a.ready.Store(ready)
}

// Router returns the gin engine with every route registered.
func (a *API) Router() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	router := gin.New()
	// Trust no proxy headers for the client address: the cluster's load
	// balancer is configured outside this service.
	_ = router.SetTrustedProxies(nil)
	// The metrics come first: they see the status the recovery sets after a panic.
	if a.metrics != nil {
		router.Use(a.metrics.Middleware(HealthPath, ReadinessPath))
	}
	router.Use(requestIDs(), gin.CustomRecoveryWithWriter(io.Discard, a.recoverPanic), a.logRequests())

	router.GET(HealthPath, a.health)
	router.GET(ReadinessPath, a.readiness)
	v1 := router.Group("/v1")
	v1.GET("/items", a.listItems)
	v1.POST("/items", a.createItem)
	v1.GET("/items/:id", a.getItem)
	return router
}

// logRequests logs one line per request, except the probes Kubernetes sends
// every few seconds.
func (a *API) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == HealthPath || route == ReadinessPath {
			return
		}
		if route == "" {
			route = "(unmatched)"
		}
		a.logger.Info("request", append([]any{
			"method", c.Request.Method,
			"route", route,
			"status", c.Writer.Status(),
			"duration_ms", time.Since(start).Milliseconds(),
		}, requestFields(c)...)...)
	}
}

// recoverPanic logs a panic and answers 500 instead of dropping the connection.
func (a *API) recoverPanic(c *gin.Context, recovered any) {
	a.logger.Error("panic while serving a request", append([]any{"route", c.FullPath(), "panic", fmt.Sprint(recovered)}, requestFields(c)...)...)
	c.AbortWithStatusJSON(http.StatusInternalServerError, errorResponse{Error: "internal error"})
}

// internalError logs err and answers 500 without leaking its details.
func (a *API) internalError(c *gin.Context, err error) {
	a.logger.Error("request failed", append([]any{"route", c.FullPath(), "error", err}, requestFields(c)...)...)
	c.JSON(http.StatusInternalServerError, errorResponse{Error: "internal error"})
}

type errorResponse struct {
	Error string `json:"error"`
}
