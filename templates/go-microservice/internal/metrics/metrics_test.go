package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"example.com/golden-path/go-microservice/pkg/buildinfo"
)

func router(m *Metrics) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(m.Middleware("/healthz"), gin.CustomRecoveryWithWriter(io.Discard, func(c *gin.Context, _ any) {
		c.AbortWithStatus(http.StatusInternalServerError)
	}))
	r.GET("/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })
	r.GET("/v1/items/:id", func(c *gin.Context) {
		if c.Param("id") == "missing" {
			c.Status(http.StatusNotFound)
			return
		}
		c.Status(http.StatusOK)
	})
	r.GET("/v1/panics", func(*gin.Context) { panic("boom") })
	return r
}

func serve(t *testing.T, handler http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, httptest.NewRequest(method, path, nil))
	return recorder
}

// scrape reads the metrics as the collector does: GET Path on the metrics mux.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	server := httptest.NewServer(m.Mux())
	defer server.Close()
	response, err := http.Get(server.URL + Path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = response.Body.Close() }()
	if response.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", Path, response.StatusCode)
	}
	if contentType := response.Header.Get("Content-Type"); !strings.HasPrefix(contentType, "text/plain") {
		t.Fatalf("Content-Type = %q, want the text exposition format", contentType)
	}
	body, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestRequestsAreCountedByMethodRouteAndStatus(t *testing.T) {
	m := New(buildinfo.Info{Version: "v1.2.3", Commit: "abc123", GoVersion: "go1.26"})
	r := router(m)
	serve(t, r, http.MethodGet, "/v1/items/1")
	serve(t, r, http.MethodGet, "/v1/items/2")
	serve(t, r, http.MethodGet, "/v1/items/missing")
	serve(t, r, http.MethodGet, "/nowhere/at/all")
	serve(t, r, "BREW", "/v1/items/3")
	serve(t, r, http.MethodGet, "/v1/panics")

	body := scrape(t, m)
	for _, want := range []string{
		`http_requests_total{method="GET",route="/v1/items/:id",status="200"} 2`,
		`http_requests_total{method="GET",route="/v1/items/:id",status="404"} 1`,
		`http_requests_total{method="GET",route="(unmatched)",status="404"} 1`,
		`http_requests_total{method="OTHER",route="(unmatched)",status="404"} 1`,
		`http_requests_total{method="GET",route="/v1/panics",status="500"} 1`,
		`http_request_duration_seconds_count{method="GET",route="/v1/items/:id",status="200"} 2`,
		`http_request_duration_seconds_bucket{method="GET",route="/v1/items/:id",status="200",le="0.3"} 2`,
		`http_requests_in_flight 0`,
		`build_info{commit="abc123",goversion="go1.26",version="v1.2.3"} 1`,
		"# TYPE http_requests_total counter",
		"# TYPE http_request_duration_seconds histogram",
		"# TYPE go_goroutines gauge",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the scrape has no line %q:\n%s", want, body)
		}
	}
}

func TestSkippedRoutesAreNotCounted(t *testing.T) {
	m := New(buildinfo.Get())
	serve(t, router(m), http.MethodGet, "/healthz")
	if body := scrape(t, m); strings.Contains(body, `route="/healthz"`) {
		t.Fatalf("probe requests must not be counted:\n%s", body)
	}
}

func TestRequestsInFlightCountsRequestsBeingServed(t *testing.T) {
	m := New(buildinfo.Get())
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(m.Middleware())
	var during string
	r.GET("/slow", func(c *gin.Context) {
		during = scrape(t, m)
		c.Status(http.StatusOK)
	})
	serve(t, r, http.MethodGet, "/slow")
	if !strings.Contains(during, "http_requests_in_flight 1") {
		t.Fatalf("during a request the gauge must be 1:\n%s", during)
	}
}

func TestTheMuxServesOnlyThePath(t *testing.T) {
	m := New(buildinfo.Get())
	if code := serve(t, m.Mux(), http.MethodGet, "/").Code; code != http.StatusNotFound {
		t.Fatalf("GET / on the metrics port = %d, want 404", code)
	}
}

func TestEveryThresholdIsABucketBound(t *testing.T) {
	for _, threshold := range []float64{0.1, 0.2, 0.3, 0.5, 1} {
		found := false
		for _, bound := range DurationBuckets {
			found = found || bound == threshold
		}
		if !found {
			t.Errorf("%v s is not a bucket bound of %v", threshold, DurationBuckets)
		}
	}
}
