package handlers

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// lastLog is the last JSON log line the API wrote.
func (ta testAPI) lastLog(t *testing.T) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(ta.logs.String()), "\n")
	var event map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &event); err != nil {
		t.Fatalf("not a JSON log line: %q", lines[len(lines)-1])
	}
	return event
}

func (ta testAPI) doWithHeaders(t *testing.T, path string, headers map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	request := httptest.NewRequest(http.MethodGet, path, nil)
	for key, value := range headers {
		request.Header.Set(key, value)
	}
	recorder := httptest.NewRecorder()
	ta.api.Router().ServeHTTP(recorder, request)
	return recorder
}

func TestEveryRequestGetsAnIDInItsLogAndResponse(t *testing.T) {
	ta := newTestAPI(nil)
	recorder := ta.do(t, http.MethodGet, "/v1/items", "")
	id := recorder.Header().Get(RequestIDHeader)
	if len(id) != 32 {
		t.Fatalf("%s = %q, want 32 hex digits", RequestIDHeader, id)
	}
	if logged := ta.lastLog(t)["request_id"]; logged != id {
		t.Fatalf("request_id = %v, want %q", logged, id)
	}
	if _, found := ta.lastLog(t)["trace_id"]; found {
		t.Fatal("a request without trace context must log no trace_id")
	}
}

func TestAUsableCallerRequestIDIsKept(t *testing.T) {
	ta := newTestAPI(nil)
	recorder := ta.doWithHeaders(t, "/v1/items", map[string]string{RequestIDHeader: "3f1c2d7e-proxy.id_1"})
	if got := recorder.Header().Get(RequestIDHeader); got != "3f1c2d7e-proxy.id_1" {
		t.Fatalf("%s = %q", RequestIDHeader, got)
	}
	for _, bad := range []string{"has space", "quote\"", strings.Repeat("a", 129)} {
		recorder := ta.doWithHeaders(t, "/v1/items", map[string]string{RequestIDHeader: bad})
		if got := recorder.Header().Get(RequestIDHeader); got == bad || len(got) != 32 {
			t.Errorf("%q must be replaced by a new id, got %q", bad, got)
		}
	}
}

func TestTraceIDsComeFromTraceContextHeaders(t *testing.T) {
	cases := map[string]struct {
		headers map[string]string
		want    string
	}{
		"W3C traceparent":            {map[string]string{TraceparentHeader: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}, "4bf92f3577b34da6a3ce929d0e0e4736"},
		"Google Cloud load balancer": {map[string]string{CloudTraceContextHeader: "105445aa7843bc8bf206b12000100000/1;o=1"}, "105445aa7843bc8bf206b12000100000"},
		"traceparent wins":           {map[string]string{TraceparentHeader: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", CloudTraceContextHeader: "105445aa7843bc8bf206b12000100000/1"}, "0af7651916cd43dd8448eb211c80319c"},
		"all-zero id is invalid":     {map[string]string{TraceparentHeader: "00-00000000000000000000000000000000-b7ad6b7169203331-01"}, ""},
		"malformed":                  {map[string]string{TraceparentHeader: "garbage", CloudTraceContextHeader: "not-hex/1"}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ta := newTestAPI(nil)
			ta.doWithHeaders(t, "/v1/items", tc.headers)
			got, _ := ta.lastLog(t)["trace_id"].(string)
			if got != tc.want {
				t.Fatalf("trace_id = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFailuresAreLoggedWithTheirRequestID(t *testing.T) {
	ta := newTestAPI(brokenItems{panics: true})
	recorder := ta.do(t, http.MethodGet, "/v1/items", "")
	if !strings.Contains(ta.logs.String(), `"msg":"panic while serving a request"`) ||
		!strings.Contains(ta.logs.String(), `"request_id":"`+recorder.Header().Get(RequestIDHeader)+`"`) {
		t.Fatalf("the panic's log line must carry the request id: %q", ta.logs.String())
	}
}
