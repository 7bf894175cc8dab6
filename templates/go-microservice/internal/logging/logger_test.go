package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func fixedLogger(out *bytes.Buffer, format Format) *Logger {
	logger := New(out, format)
	logger.now = func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }
	return logger
}

func TestJSONLinesCarryLevelMessageAndFields(t *testing.T) {
	var out bytes.Buffer
	fixedLogger(&out, FormatJSON).Info("started", "port", 8080, "ready", true)

	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("log line is not JSON: %v: %q", err, out.String())
	}
	want := map[string]any{
		"time": "2024-01-02T03:04:05Z", "level": "info", "msg": "started", "port": float64(8080), "ready": true,
	}
	for key, value := range want {
		if line[key] != value {
			t.Errorf("%s = %v, want %v", key, line[key], value)
		}
	}
	if !strings.HasSuffix(out.String(), "}\n") {
		t.Errorf("log line must end with a newline: %q", out.String())
	}
}

func TestJSONKeepsFieldOrder(t *testing.T) {
	var out bytes.Buffer
	fixedLogger(&out, FormatJSON).Error("failed", "b", 1, "a", 2)

	want := `{"time":"2024-01-02T03:04:05Z","level":"error","msg":"failed","b":1,"a":2}` + "\n"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

func TestJSONRendersErrorsAndUnencodableValues(t *testing.T) {
	var out bytes.Buffer
	fixedLogger(&out, FormatJSON).Error("failed", "error", errors.New("boom"), "callback", func() {})

	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("log line is not JSON: %v: %q", err, out.String())
	}
	if line["error"] != "boom" {
		t.Errorf("error = %v, want boom", line["error"])
	}
	if _, ok := line["callback"].(string); !ok {
		t.Errorf("callback = %v, want its string form", line["callback"])
	}
}

func TestTextLinesQuoteValuesThatNeedIt(t *testing.T) {
	var out bytes.Buffer
	fixedLogger(&out, FormatText).Info("request done", "path", "/v1/items", "empty", "")

	want := `time=2024-01-02T03:04:05Z level=info msg="request done" path=/v1/items empty=""` + "\n"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

func TestOddKeyValuesAreMarkedMissing(t *testing.T) {
	var out bytes.Buffer
	fixedLogger(&out, FormatText).Info("odd", "dangling")

	if !strings.Contains(out.String(), "dangling=(MISSING)") {
		t.Fatalf("got %q, want the dangling key marked (MISSING)", out.String())
	}
}

func TestConcurrentWritesKeepLinesWhole(t *testing.T) {
	var out bytes.Buffer
	logger := New(&out, FormatJSON)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			logger.Info("event", "n", n)
		}(i)
	}
	wg.Wait()

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 50 {
		t.Fatalf("got %d lines, want 50", len(lines))
	}
	for _, line := range lines {
		if !json.Valid([]byte(line)) {
			t.Fatalf("interleaved line: %q", line)
		}
	}
}
