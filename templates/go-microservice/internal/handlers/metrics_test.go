package handlers

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/golden-path/go-microservice/internal/logging"
	"example.com/golden-path/go-microservice/internal/metrics"
	"example.com/golden-path/go-microservice/internal/repository"
	"example.com/golden-path/go-microservice/internal/service"
	"example.com/golden-path/go-microservice/pkg/buildinfo"
)

// The API's router counts its requests, probes aside, as the metrics port shows them.
func TestTheRouterCountsRequestsButNotProbes(t *testing.T) {
	m := metrics.New(buildinfo.Get())
	api := New(service.NewItemService(repository.NewMemoryItemRepository()), logging.New(&bytes.Buffer{}, logging.FormatJSON), m)
	for _, call := range []struct{ method, path, body string }{
		{http.MethodGet, HealthPath, ""},
		{http.MethodGet, ReadinessPath, ""},
		{http.MethodPost, "/v1/items", `{"name":"widget"}`},
		{http.MethodGet, "/v1/items/does-not-exist", ""},
	} {
		request := httptest.NewRequest(call.method, call.path, strings.NewReader(call.body))
		request.Header.Set("Content-Type", "application/json")
		api.Router().ServeHTTP(httptest.NewRecorder(), request)
	}

	recorder := httptest.NewRecorder()
	m.Mux().ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, metrics.Path, nil))
	body, _ := io.ReadAll(recorder.Body)
	for _, want := range []string{
		`http_requests_total{method="POST",route="/v1/items",status="201"} 1`,
		`http_requests_total{method="GET",route="/v1/items/:id",status="404"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("no %q in the scrape:\n%s", want, body)
		}
	}
	for _, probe := range []string{HealthPath, ReadinessPath} {
		if strings.Contains(string(body), `route="`+probe+`"`) {
			t.Errorf("probe %s must not be counted", probe)
		}
	}
}
