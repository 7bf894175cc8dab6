// Package metrics exposes the service's Prometheus metrics: a request counter
// and a latency histogram per route, method and status, the requests in
// flight, and the build the binary comes from.
//
// The platform collects them from Path on the metrics port (a Google Managed
// Service for Prometheus PodMonitoring) and computes the service's SLOs,
// alerts and dashboard from them by name: renaming a metric or a label here
// breaks those, so change them together.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"example.com/golden-path/go-microservice/pkg/buildinfo"
)

// Path is where the metrics server answers scrapes.
const Path = "/metrics"

// Metric names, as the collector and the platform's SLOs read them.
const (
	// RequestsTotal counts finished requests by method, route and status.
	RequestsTotal = "http_requests_total"
	// RequestDuration is the latency histogram, in seconds, by method, route and status.
	RequestDuration = "http_request_duration_seconds"
	// RequestsInFlight is the number of requests being served now.
	RequestsInFlight = "http_requests_in_flight"
	// BuildInfo is 1, labelled with the version, commit and Go release of the binary.
	BuildInfo = "build_info"
)

// Label names of the request metrics.
const (
	LabelMethod = "method"
	LabelRoute  = "route"
	LabelStatus = "status"
)

// UnmatchedRoute is the route label of requests no route matched: one series
// for every unknown path, so a scan of random URLs cannot grow the series count.
const UnmatchedRoute = "(unmatched)"

// OtherMethod is the method label of requests with a method HTTP does not define.
const OtherMethod = "OTHER"

// DurationBuckets are the histogram's upper bounds, in seconds. A latency SLO
// counts the requests in the buckets at or under its threshold, so each
// threshold the platform uses (300 ms by default) is a bound here.
var DurationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10}

var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true, http.MethodPatch: true,
	http.MethodDelete: true, http.MethodConnect: true, http.MethodOptions: true, http.MethodTrace: true,
}

// Metrics holds the service's collectors in a registry of its own.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
}

// New registers the request metrics, the build information, and the Go
// runtime and process collectors in a new registry.
func New(info buildinfo.Info) *Metrics {
	labels := []string{LabelMethod, LabelRoute, LabelStatus}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: RequestsTotal,
			Help: "HTTP requests served, by method, route and status code.",
		}, labels),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    RequestDuration,
			Help:    "Time to serve HTTP requests, in seconds, by method, route and status code.",
			Buckets: DurationBuckets,
		}, labels),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: RequestsInFlight,
			Help: "HTTP requests being served.",
		}),
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: BuildInfo,
		Help: "Always 1; the labels tell which build is running.",
	}, []string{"version", "commit", "goversion"})
	build.WithLabelValues(info.Version, info.Commit, info.GoVersion).Set(1)
	m.registry.MustRegister(m.requests, m.duration, m.inFlight, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Middleware counts and times every request whose route is not in skip (the
// probes Kubernetes sends every few seconds are no user's traffic).
func (m *Metrics) Middleware(skip ...string) gin.HandlerFunc {
	skipped := make(map[string]bool, len(skip))
	for _, route := range skip {
		skipped[route] = true
	}
	return func(c *gin.Context) {
		route := c.FullPath()
		if skipped[route] {
			c.Next()
			return
		}
		m.inFlight.Inc()
		start := time.Now()
		defer func() {
			m.inFlight.Dec()
			// Read after the handlers ran: a panic recovered further in has set 500 by now.
			labels := prometheus.Labels{LabelMethod: method(c.Request.Method), LabelRoute: routeLabel(route), LabelStatus: strconv.Itoa(c.Writer.Status())}
			m.requests.With(labels).Inc()
			m.duration.With(labels).Observe(time.Since(start).Seconds())
		}()
		c.Next()
	}
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Mux serves Handler at Path and nothing else, for the metrics port.
func (m *Metrics) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle(Path, m.Handler())
	return mux
}

func routeLabel(route string) string {
	if route == "" {
		return UnmatchedRoute
	}
	return route
}

func method(m string) string {
	if knownMethods[m] {
		return m
	}
	return OtherMethod
}
