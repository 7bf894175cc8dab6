package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/golden-path/go-microservice/internal/logging"
	"example.com/golden-path/go-microservice/internal/repository"
	"example.com/golden-path/go-microservice/internal/service"
)

// brokenItems fails (or panics) on every call.
type brokenItems struct {
	err    error
	panics bool
}

func (b brokenItems) fail() error {
	if b.panics {
		panic("broken store")
	}
	return b.err
}

func (b brokenItems) Create(context.Context, string) (repository.Item, error) {
	return repository.Item{}, b.fail()
}

func (b brokenItems) Get(context.Context, string) (repository.Item, error) {
	return repository.Item{}, b.fail()
}

func (b brokenItems) List(context.Context) ([]repository.Item, error) { return nil, b.fail() }

func (b brokenItems) Ready(context.Context) error { return b.fail() }

type testAPI struct {
	api  *API
	logs *bytes.Buffer
}

func newTestAPI(items Items) testAPI {
	logs := &bytes.Buffer{}
	if items == nil {
		items = service.NewItemService(repository.NewMemoryItemRepository())
	}
	return testAPI{api: New(items, logging.New(logs, logging.FormatJSON), nil), logs: logs}
}

func (ta testAPI) do(t *testing.T, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	request := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		request.Header.Set("Content-Type", "application/json")
	}
	recorder := httptest.NewRecorder()
	ta.api.Router().ServeHTTP(recorder, request)
	return recorder
}

func decode(t *testing.T, recorder *httptest.ResponseRecorder, into any) {
	t.Helper()
	if err := json.Unmarshal(recorder.Body.Bytes(), into); err != nil {
		t.Fatalf("response is not JSON: %v: %q", err, recorder.Body.String())
	}
}

func TestRequestsAreLoggedButProbesAreNot(t *testing.T) {
	ta := newTestAPI(nil)
	ta.do(t, http.MethodGet, HealthPath, "")
	ta.do(t, http.MethodGet, ReadinessPath, "")
	if ta.logs.Len() != 0 {
		t.Fatalf("probe requests must not be logged: %q", ta.logs.String())
	}

	ta.do(t, http.MethodGet, "/v1/items", "")
	ta.do(t, http.MethodGet, "/nowhere", "")
	logs := ta.logs.String()
	for _, want := range []string{`"route":"/v1/items"`, `"status":200`, `"route":"(unmatched)"`, `"status":404`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs %q do not contain %s", logs, want)
		}
	}
}

func TestPanicsAnswerInternalError(t *testing.T) {
	ta := newTestAPI(brokenItems{panics: true})
	recorder := ta.do(t, http.MethodGet, "/v1/items", "")
	if recorder.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", recorder.Code)
	}
	var body errorResponse
	decode(t, recorder, &body)
	if body.Error != "internal error" {
		t.Fatalf("error = %q", body.Error)
	}
	if !strings.Contains(ta.logs.String(), "broken store") {
		t.Fatalf("the panic must be logged: %q", ta.logs.String())
	}
}

func TestStoreFailuresAnswerInternalErrorWithoutDetails(t *testing.T) {
	ta := newTestAPI(brokenItems{err: errors.New("connection refused")})
	for _, call := range []struct{ method, path, body string }{
		{http.MethodGet, "/v1/items", ""},
		{http.MethodPost, "/v1/items", `{"name":"widget"}`},
		{http.MethodGet, "/v1/items/1", ""},
	} {
		recorder := ta.do(t, call.method, call.path, call.body)
		if recorder.Code != http.StatusInternalServerError {
			t.Errorf("%s %s: status = %d, want 500", call.method, call.path, recorder.Code)
		}
		if strings.Contains(recorder.Body.String(), "connection refused") {
			t.Errorf("%s %s: the response leaks the error: %q", call.method, call.path, recorder.Body.String())
		}
	}
	if !strings.Contains(ta.logs.String(), "connection refused") {
		t.Fatalf("the failure must be logged: %q", ta.logs.String())
	}
}
