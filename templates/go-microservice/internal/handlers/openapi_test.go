package handlers

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
		OpenAPI string                            `yaml:"openapi"`
		Paths   map[string]map[string]interface{} `yaml:"paths"`
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
	if strings.Join(documented, "\n") != strings.Join(routed, "\n") {
		t.Fatalf("api/openapi.yaml documents\n  %s\nbut the router serves\n  %s",
			strings.Join(documented, "\n  "), strings.Join(routed, "\n  "))
	}
}
