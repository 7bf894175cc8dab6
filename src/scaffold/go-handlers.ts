import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// internal/handlers: the gin router, the probes and the items API.

function apiGo(m: ServiceModel): string {
  return `// Package handlers exposes the service over HTTP with gin: the liveness and
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

	"${m.modulePath}/internal/logging"
	"${m.modulePath}/internal/repository"
)

// Probe paths, matching the Deployment's liveness and readiness probes.
const (
	HealthPath    = "${m.healthPath}"
	ReadinessPath = "${m.readinessPath}"
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
	items  Items
	logger *logging.Logger
	ready  atomic.Bool
}

// New returns an API that is ready to take traffic.
func New(items Items, logger *logging.Logger) *API {
	api := &API{items: items, logger: logger}
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
	router.Use(gin.CustomRecoveryWithWriter(io.Discard, a.recoverPanic), a.logRequests())

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
		a.logger.Info("request",
			"method", c.Request.Method,
			"route", route,
			"status", c.Writer.Status(),
			"duration_ms", time.Since(start).Milliseconds(),
		)
	}
}

// recoverPanic logs a panic and answers 500 instead of dropping the connection.
func (a *API) recoverPanic(c *gin.Context, recovered any) {
	a.logger.Error("panic while serving a request", "route", c.FullPath(), "panic", fmt.Sprint(recovered))
	c.AbortWithStatusJSON(http.StatusInternalServerError, errorResponse{Error: "internal error"})
}

// internalError logs err and answers 500 without leaking its details.
func (a *API) internalError(c *gin.Context, err error) {
	a.logger.Error("request failed", "route", c.FullPath(), "error", err)
	c.JSON(http.StatusInternalServerError, errorResponse{Error: "internal error"})
}

type errorResponse struct {
	Error string \`json:"error"\`
}
`;
}

function healthGo(): string {
  return `package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type statusResponse struct {
	Status string \`json:"status"\`
}

// health answers the liveness probe: the process is up and serving HTTP.
func (a *API) health(c *gin.Context) {
	c.JSON(http.StatusOK, statusResponse{Status: "ok"})
}

// readiness answers the readiness probe: the service is not shutting down and
// its dependencies answer.
func (a *API) readiness(c *gin.Context) {
	if !a.ready.Load() {
		c.JSON(http.StatusServiceUnavailable, statusResponse{Status: "shutting down"})
		return
	}
	if err := a.items.Ready(c.Request.Context()); err != nil {
		a.logger.Error("not ready", "error", err)
		c.JSON(http.StatusServiceUnavailable, statusResponse{Status: "unavailable"})
		return
	}
	c.JSON(http.StatusOK, statusResponse{Status: "ready"})
}
`;
}

function itemsGo(m: ServiceModel): string {
  return `package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"${m.modulePath}/internal/repository"
	"${m.modulePath}/internal/service"
)

// maxRequestBytes bounds request bodies.
const maxRequestBytes = 1 << 20

type itemResponse struct {
	ID        string    \`json:"id"\`
	Name      string    \`json:"name"\`
	CreatedAt time.Time \`json:"createdAt"\`
}

type itemListResponse struct {
	Items []itemResponse \`json:"items"\`
}

type createItemRequest struct {
	Name string \`json:"name"\`
}

func toItemResponse(item repository.Item) itemResponse {
	return itemResponse{ID: item.ID, Name: item.Name, CreatedAt: item.CreatedAt}
}

// listItems answers GET /v1/items.
func (a *API) listItems(c *gin.Context) {
	items, err := a.items.List(c.Request.Context())
	if err != nil {
		a.internalError(c, err)
		return
	}
	response := itemListResponse{Items: make([]itemResponse, 0, len(items))}
	for _, item := range items {
		response.Items = append(response.Items, toItemResponse(item))
	}
	c.JSON(http.StatusOK, response)
}

// createItem answers POST /v1/items.
func (a *API) createItem(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxRequestBytes)
	var request createItemRequest
	if err := c.ShouldBindJSON(&request); err != nil {
		c.JSON(http.StatusBadRequest, errorResponse{Error: \`the body must be a JSON object such as {"name": "widget"}\`})
		return
	}
	item, err := a.items.Create(c.Request.Context(), request.Name)
	var invalid *service.ValidationError
	if errors.As(err, &invalid) {
		c.JSON(http.StatusBadRequest, errorResponse{Error: invalid.Error()})
		return
	}
	if err != nil {
		a.internalError(c, err)
		return
	}
	c.Header("Location", "/v1/items/"+item.ID)
	c.JSON(http.StatusCreated, toItemResponse(item))
}

// getItem answers GET /v1/items/{id}.
func (a *API) getItem(c *gin.Context) {
	item, err := a.items.Get(c.Request.Context(), c.Param("id"))
	if errors.Is(err, repository.ErrNotFound) {
		c.JSON(http.StatusNotFound, errorResponse{Error: "item not found"})
		return
	}
	if err != nil {
		a.internalError(c, err)
		return
	}
	c.JSON(http.StatusOK, toItemResponse(item))
}
`;
}

function apiTestGo(m: ServiceModel): string {
  return `package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"${m.modulePath}/internal/logging"
	"${m.modulePath}/internal/repository"
	"${m.modulePath}/internal/service"
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
	return testAPI{api: New(items, logging.New(logs, logging.FormatJSON)), logs: logs}
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
	for _, want := range []string{\`"route":"/v1/items"\`, \`"status":200\`, \`"route":"(unmatched)"\`, \`"status":404\`} {
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
		{http.MethodPost, "/v1/items", \`{"name":"widget"}\`},
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
`;
}

function healthTestGo(): string {
  return `package handlers

import (
	"errors"
	"net/http"
	"testing"
)

func TestHealthIsAlwaysOK(t *testing.T) {
	ta := newTestAPI(nil)
	ta.api.SetReady(false)
	recorder := ta.do(t, http.MethodGet, HealthPath, "")
	if recorder.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", recorder.Code)
	}
	var body statusResponse
	decode(t, recorder, &body)
	if body.Status != "ok" {
		t.Fatalf("status = %q, want ok", body.Status)
	}
}

func TestReadinessFollowsShutdownAndDependencies(t *testing.T) {
	cases := map[string]struct {
		items      Items
		ready      bool
		wantCode   int
		wantStatus string
	}{
		"ready":             {ready: true, wantCode: http.StatusOK, wantStatus: "ready"},
		"shutting down":     {ready: false, wantCode: http.StatusServiceUnavailable, wantStatus: "shutting down"},
		"store unavailable": {items: brokenItems{err: errors.New("down")}, ready: true, wantCode: http.StatusServiceUnavailable, wantStatus: "unavailable"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ta := newTestAPI(tc.items)
			ta.api.SetReady(tc.ready)
			recorder := ta.do(t, http.MethodGet, ReadinessPath, "")
			if recorder.Code != tc.wantCode {
				t.Fatalf("status code = %d, want %d", recorder.Code, tc.wantCode)
			}
			var body statusResponse
			decode(t, recorder, &body)
			if body.Status != tc.wantStatus {
				t.Fatalf("status = %q, want %q", body.Status, tc.wantStatus)
			}
		})
	}
}
`;
}

function itemsTestGo(): string {
  return `package handlers

import (
	"net/http"
	"strings"
	"testing"
)

func TestCreateThenGetAndList(t *testing.T) {
	ta := newTestAPI(nil)

	created := ta.do(t, http.MethodPost, "/v1/items", \`{"name":"widget"}\`)
	if created.Code != http.StatusCreated {
		t.Fatalf("POST status = %d, want 201: %s", created.Code, created.Body.String())
	}
	var item itemResponse
	decode(t, created, &item)
	if item.Name != "widget" || item.ID == "" || item.CreatedAt.IsZero() {
		t.Fatalf("created item = %+v", item)
	}
	if location := created.Header().Get("Location"); location != "/v1/items/"+item.ID {
		t.Fatalf("Location = %q", location)
	}

	got := ta.do(t, http.MethodGet, "/v1/items/"+item.ID, "")
	if got.Code != http.StatusOK {
		t.Fatalf("GET status = %d, want 200", got.Code)
	}
	var fetched itemResponse
	decode(t, got, &fetched)
	if fetched.ID != item.ID || fetched.Name != "widget" {
		t.Fatalf("fetched item = %+v, want %+v", fetched, item)
	}

	listed := ta.do(t, http.MethodGet, "/v1/items", "")
	var list itemListResponse
	decode(t, listed, &list)
	if listed.Code != http.StatusOK || len(list.Items) != 1 || list.Items[0].ID != item.ID {
		t.Fatalf("list = %d %+v", listed.Code, list)
	}
}

func TestEmptyListIsAnEmptyArray(t *testing.T) {
	recorder := newTestAPI(nil).do(t, http.MethodGet, "/v1/items", "")
	if recorder.Code != http.StatusOK || strings.TrimSpace(recorder.Body.String()) != \`{"items":[]}\` {
		t.Fatalf("GET /v1/items = %d %s, want 200 {\\"items\\":[]}", recorder.Code, recorder.Body.String())
	}
}

func TestCreateRejectsBadRequests(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"not JSON":       {body: \`name=widget\`, want: "must be a JSON object"},
		"wrong type":     {body: \`{"name":42}\`, want: "must be a JSON object"},
		"blank name":     {body: \`{"name":"   "}\`, want: "name must not be empty"},
		"too large body": {body: \`{"name":"\` + strings.Repeat("x", maxRequestBytes) + \`"}\`, want: "must be a JSON object"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			recorder := newTestAPI(nil).do(t, http.MethodPost, "/v1/items", tc.body)
			if recorder.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400", recorder.Code)
			}
			var body errorResponse
			decode(t, recorder, &body)
			if !strings.Contains(body.Error, tc.want) {
				t.Fatalf("error = %q, want it to contain %q", body.Error, tc.want)
			}
		})
	}
}

func TestGetUnknownItemIsNotFound(t *testing.T) {
	recorder := newTestAPI(nil).do(t, http.MethodGet, "/v1/items/404", "")
	if recorder.Code != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", recorder.Code)
	}
	var body errorResponse
	decode(t, recorder, &body)
	if body.Error != "item not found" {
		t.Fatalf("error = %q", body.Error)
	}
}
`;
}

function openapiTestGo(): string {
  return `package handlers

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"
)

// TestOpenAPIDescribesEveryRoute keeps api/openapi.yaml and the router in step:
// every registered route is documented and every documented operation exists.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "api", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		OpenAPI string                            \`yaml:"openapi"\`
		Paths   map[string]map[string]interface{} \`yaml:"paths"\`
	}
	if err := yaml.Unmarshal(data, &spec); err != nil {
		t.Fatalf("api/openapi.yaml is not valid YAML: %v", err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Fatalf("openapi = %q, want a 3.x document", spec.OpenAPI)
	}

	var documented []string
	for path, operations := range spec.Paths {
		for method := range operations {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options":
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	var routed []string
	for _, route := range newTestAPI(nil).api.Router().Routes() {
		segments := strings.Split(route.Path, "/")
		for i, segment := range segments {
			if strings.HasPrefix(segment, ":") {
				segments[i] = "{" + segment[1:] + "}"
			}
		}
		routed = append(routed, route.Method+" "+strings.Join(segments, "/"))
	}
	sort.Strings(documented)
	sort.Strings(routed)
	if strings.Join(documented, "\\n") != strings.Join(routed, "\\n") {
		t.Fatalf("api/openapi.yaml documents\\n  %s\\nbut the router serves\\n  %s",
			strings.Join(documented, "\\n  "), strings.Join(routed, "\\n  "))
	}
}
`;
}

/** The team-owned files of this part of the service. */
export function goHandlersFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: 'internal/handlers/api.go', content: apiGo(m), ownership: FileOwnership.TEAM },
    { path: 'internal/handlers/health.go', content: healthGo(), ownership: FileOwnership.TEAM },
    { path: 'internal/handlers/items.go', content: itemsGo(m), ownership: FileOwnership.TEAM },
    { path: 'internal/handlers/api_test.go', content: apiTestGo(m), ownership: FileOwnership.TEAM },
    { path: 'internal/handlers/health_test.go', content: healthTestGo(), ownership: FileOwnership.TEAM },
    { path: 'internal/handlers/items_test.go', content: itemsTestGo(), ownership: FileOwnership.TEAM },
    { path: 'internal/handlers/openapi_test.go', content: openapiTestGo(), ownership: FileOwnership.TEAM },
  ];
}
