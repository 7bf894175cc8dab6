package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// RequestIDHeader carries a request's id: taken from the request when a
// caller or proxy set a usable one, made up otherwise, and always answered.
const RequestIDHeader = "X-Request-ID"

// Trace context headers: W3C Trace Context, and the header Google Cloud load
// balancers add (TRACE_ID/SPAN_ID;o=OPTIONS).
const (
	TraceparentHeader       = "traceparent"
	CloudTraceContextHeader = "X-Cloud-Trace-Context"
)

const (
	requestIDKey = "request_id"
	traceIDKey   = "trace_id"
)

// requestIDs gives every request an id and reads its trace id, for the logs.
func requestIDs() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !usableRequestID(id) {
			id = newRequestID()
		}
		c.Set(requestIDKey, id)
		c.Header(RequestIDHeader, id)
		if trace := traceID(c.Request.Header); trace != "" {
			c.Set(traceIDKey, trace)
		}
		c.Next()
	}
}

// requestFields are the key/value pairs that tie a log line to its request.
func requestFields(c *gin.Context) []any {
	fields := []any{requestIDKey, c.GetString(requestIDKey)}
	if trace := c.GetString(traceIDKey); trace != "" {
		fields = append(fields, traceIDKey, trace)
	}
	return fields
}

// usableRequestID accepts 1 to 128 letters, digits, '-', '_' and '.': enough
// for UUIDs and proxy ids, nothing that could break a log line.
func usableRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "unavailable"
	}
	return hex.EncodeToString(b[:])
}

// traceID is the 32-hex-digit trace id of the request's trace context, or "".
func traceID(header http.Header) string {
	if parent := header.Get(TraceparentHeader); parent != "" {
		parts := strings.Split(parent, "-")
		if len(parts) == 4 && len(parts[0]) == 2 && isTraceID(parts[1]) {
			return strings.ToLower(parts[1])
		}
	}
	if context := header.Get(CloudTraceContextHeader); context != "" {
		id, _, _ := strings.Cut(context, "/")
		if isTraceID(id) {
			return strings.ToLower(id)
		}
	}
	return ""
}

// isTraceID reports whether id is 32 hex digits, not all zero (which W3C Trace Context calls invalid).
func isTraceID(id string) bool {
	if len(id) != 32 || strings.Trim(id, "0") == "" {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}
