package handlers

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
