import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';

// internal/logging: one line per event, as JSON or as plain key=value text.

function loggerGo(): string {
  return `// Package logging writes one line per event to an io.Writer, either as a JSON
// object (for log collectors) or as plain key=value text (for people).
package logging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Format selects how each log line is written.
type Format string

const (
	// FormatJSON writes each event as one JSON object per line.
	FormatJSON Format = "json"
	// FormatText writes each event as key=value pairs on one line.
	FormatText Format = "text"
)

// Logger writes structured events. It is safe for concurrent use.
type Logger struct {
	mu     sync.Mutex
	out    io.Writer
	format Format
	now    func() time.Time
}

// New returns a Logger writing to out in the given format; any format other
// than FormatText writes JSON.
func New(out io.Writer, format Format) *Logger {
	return &Logger{out: out, format: format, now: time.Now}
}

// Info logs an event at level info. keyvals alternate keys and values.
func (l *Logger) Info(msg string, keyvals ...any) {
	l.log("info", msg, keyvals)
}

// Error logs an event at level error. keyvals alternate keys and values.
func (l *Logger) Error(msg string, keyvals ...any) {
	l.log("error", msg, keyvals)
}

func (l *Logger) log(level, msg string, keyvals []any) {
	fields := []any{"time", l.now().UTC().Format(time.RFC3339Nano), "level", level, "msg", msg}
	fields = append(fields, keyvals...)
	if len(fields)%2 != 0 {
		fields = append(fields, "(MISSING)")
	}

	var line bytes.Buffer
	if l.format == FormatText {
		writeText(&line, fields)
	} else {
		writeJSON(&line, fields)
	}
	line.WriteByte('\\n')

	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.out.Write(line.Bytes())
}

func writeJSON(line *bytes.Buffer, fields []any) {
	line.WriteByte('{')
	for i := 0; i < len(fields); i += 2 {
		if i > 0 {
			line.WriteByte(',')
		}
		line.Write(marshal(fmt.Sprint(fields[i])))
		line.WriteByte(':')
		line.Write(marshal(fields[i+1]))
	}
	line.WriteByte('}')
}

// marshal encodes v as JSON, falling back to its string form for values that
// have no JSON encoding (channels, functions).
func marshal(v any) []byte {
	if err, ok := v.(error); ok {
		v = err.Error()
	}
	encoded, err := json.Marshal(v)
	if err != nil {
		encoded, _ = json.Marshal(fmt.Sprint(v))
	}
	return encoded
}

func writeText(line *bytes.Buffer, fields []any) {
	for i := 0; i < len(fields); i += 2 {
		if i > 0 {
			line.WriteByte(' ')
		}
		fmt.Fprint(line, fields[i])
		line.WriteByte('=')
		value := fmt.Sprint(fields[i+1])
		if value == "" || strings.ContainsAny(value, " \\t\\n\\"=") {
			value = strconv.Quote(value)
		}
		line.WriteString(value)
	}
}
`;
}

function loggerTestGo(): string {
  return `package logging

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
	if !strings.HasSuffix(out.String(), "}\\n") {
		t.Errorf("log line must end with a newline: %q", out.String())
	}
}

func TestJSONKeepsFieldOrder(t *testing.T) {
	var out bytes.Buffer
	fixedLogger(&out, FormatJSON).Error("failed", "b", 1, "a", 2)

	want := \`{"time":"2024-01-02T03:04:05Z","level":"error","msg":"failed","b":1,"a":2}\` + "\\n"
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

	want := \`time=2024-01-02T03:04:05Z level=info msg="request done" path=/v1/items empty=""\` + "\\n"
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

	lines := strings.Split(strings.TrimSpace(out.String()), "\\n")
	if len(lines) != 50 {
		t.Fatalf("got %d lines, want 50", len(lines))
	}
	for _, line := range lines {
		if !json.Valid([]byte(line)) {
			t.Fatalf("interleaved line: %q", line)
		}
	}
}
`;
}

/** The team-owned files of this part of the service. */
export function goLoggingFiles(): ScaffoldFile[] {
  return [
    { path: 'internal/logging/logger.go', content: loggerGo(), ownership: FileOwnership.TEAM },
    { path: 'internal/logging/logger_test.go', content: loggerTestGo(), ownership: FileOwnership.TEAM },
  ];
}
