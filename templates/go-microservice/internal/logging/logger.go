// Package logging writes one line per event to an io.Writer, either as a JSON
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
	line.WriteByte('\n')

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
		if value == "" || strings.ContainsAny(value, " \t\n\"=") {
			value = strconv.Quote(value)
		}
		line.WriteString(value)
	}
}
