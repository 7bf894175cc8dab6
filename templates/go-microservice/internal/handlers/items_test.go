package handlers

import (
	"net/http"
	"strings"
	"testing"
)

func TestCreateThenGetAndList(t *testing.T) {
	ta := newTestAPI(nil)

	created := ta.do(t, http.MethodPost, "/v1/items", `{"name":"widget"}`)
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
	if recorder.Code != http.StatusOK || strings.TrimSpace(recorder.Body.String()) != `{"items":[]}` {
		t.Fatalf("GET /v1/items = %d %s, want 200 {\"items\":[]}", recorder.Code, recorder.Body.String())
	}
}

func TestCreateRejectsBadRequests(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"not JSON":       {body: `name=widget`, want: "must be a JSON object"},
		"wrong type":     {body: `{"name":42}`, want: "must be a JSON object"},
		"blank name":     {body: `{"name":"   "}`, want: "name must not be empty"},
		"too large body": {body: `{"name":"` + strings.Repeat("x", maxRequestBytes) + `"}`, want: "must be a JSON object"},
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
