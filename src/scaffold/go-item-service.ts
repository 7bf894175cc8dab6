import { FileOwnership } from './file-ownership';
import { ScaffoldFile } from './scaffold-file';
import { ServiceModel } from './service-model';

// internal/service: the business rules for items.

function itemsGo(m: ServiceModel): string {
  return `// Package service holds the business rules for items, independent of HTTP and
// of how items are stored.
package service

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"${m.modulePath}/internal/repository"
)

// MaxNameLength is the longest item name accepted, in characters.
const MaxNameLength = 100

// ValidationError reports input that breaks a business rule; HTTP handlers
// answer it with 400 Bad Request.
type ValidationError struct {
	Field  string
	Reason string
}

// Error reports the field and the rule it breaks, e.g. "name must not be empty".
func (e *ValidationError) Error() string {
	return e.Field + " " + e.Reason
}

// ItemStore is what the service needs from storage;
// repository.MemoryItemRepository implements it.
type ItemStore interface {
	Create(ctx context.Context, name string) (repository.Item, error)
	Get(ctx context.Context, id string) (repository.Item, error)
	List(ctx context.Context) ([]repository.Item, error)
	Ping(ctx context.Context) error
}

// ItemService validates requests and delegates storage to an ItemStore.
type ItemService struct {
	store ItemStore
}

// NewItemService returns a service backed by store.
func NewItemService(store ItemStore) *ItemService {
	return &ItemService{store: store}
}

// Create validates the name (trimmed, not empty, at most MaxNameLength
// characters) and stores a new item.
func (s *ItemService) Create(ctx context.Context, name string) (repository.Item, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return repository.Item{}, &ValidationError{Field: "name", Reason: "must not be empty"}
	}
	if utf8.RuneCountInString(name) > MaxNameLength {
		return repository.Item{}, &ValidationError{Field: "name", Reason: fmt.Sprintf("must be at most %d characters", MaxNameLength)}
	}
	item, err := s.store.Create(ctx, name)
	if err != nil {
		return repository.Item{}, fmt.Errorf("create item: %w", err)
	}
	return item, nil
}

// Get returns one item; a missing item is repository.ErrNotFound.
func (s *ItemService) Get(ctx context.Context, id string) (repository.Item, error) {
	item, err := s.store.Get(ctx, id)
	if err != nil {
		return repository.Item{}, fmt.Errorf("get item %q: %w", id, err)
	}
	return item, nil
}

// List returns every item.
func (s *ItemService) List(ctx context.Context) ([]repository.Item, error) {
	items, err := s.store.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	return items, nil
}

// Ready reports whether the service can take traffic: its store must answer.
func (s *ItemService) Ready(ctx context.Context) error {
	if err := s.store.Ping(ctx); err != nil {
		return fmt.Errorf("item store unavailable: %w", err)
	}
	return nil
}
`;
}

function itemsTestGo(m: ServiceModel): string {
  return `package service

import (
	"context"
	"errors"
	"strings"
	"testing"

	"${m.modulePath}/internal/repository"
)

// failingStore fails every call with err.
type failingStore struct{ err error }

func (f failingStore) Create(context.Context, string) (repository.Item, error) {
	return repository.Item{}, f.err
}

func (f failingStore) Get(context.Context, string) (repository.Item, error) {
	return repository.Item{}, f.err
}

func (f failingStore) List(context.Context) ([]repository.Item, error) { return nil, f.err }

func (f failingStore) Ping(context.Context) error { return f.err }

func TestCreateTrimsAndStoresTheName(t *testing.T) {
	svc := NewItemService(repository.NewMemoryItemRepository())
	item, err := svc.Create(context.Background(), "  widget  ")
	if err != nil {
		t.Fatal(err)
	}
	if item.Name != "widget" || item.ID == "" {
		t.Fatalf("Create() = %+v, want a stored item named widget", item)
	}
	got, err := svc.Get(context.Background(), item.ID)
	if err != nil || got != item {
		t.Fatalf("Get() = %+v, %v, want %+v", got, err, item)
	}
	items, err := svc.List(context.Background())
	if err != nil || len(items) != 1 {
		t.Fatalf("List() = %+v, %v, want one item", items, err)
	}
}

func TestCreateRejectsInvalidNames(t *testing.T) {
	svc := NewItemService(repository.NewMemoryItemRepository())
	cases := map[string]string{
		"   ":                                "name must not be empty",
		strings.Repeat("x", MaxNameLength+1): "name must be at most 100 characters",
	}
	for name, want := range cases {
		_, err := svc.Create(context.Background(), name)
		var validation *ValidationError
		if !errors.As(err, &validation) || err.Error() != want {
			t.Errorf("Create(%q) error = %v, want ValidationError %q", name, err, want)
		}
	}
	if _, err := svc.Create(context.Background(), strings.Repeat("é", MaxNameLength)); err != nil {
		t.Errorf("a name of exactly %d characters must be accepted: %v", MaxNameLength, err)
	}
}

func TestGetPassesNotFoundThrough(t *testing.T) {
	svc := NewItemService(repository.NewMemoryItemRepository())
	if _, err := svc.Get(context.Background(), "missing"); !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("Get() error = %v, want repository.ErrNotFound", err)
	}
}

func TestStoreFailuresAreWrapped(t *testing.T) {
	boom := errors.New("boom")
	svc := NewItemService(failingStore{err: boom})
	ctx := context.Background()

	if _, err := svc.Create(ctx, "widget"); !errors.Is(err, boom) {
		t.Errorf("Create() error = %v, want it to wrap boom", err)
	}
	if _, err := svc.Get(ctx, "1"); !errors.Is(err, boom) {
		t.Errorf("Get() error = %v, want it to wrap boom", err)
	}
	if _, err := svc.List(ctx); !errors.Is(err, boom) {
		t.Errorf("List() error = %v, want it to wrap boom", err)
	}
	if err := svc.Ready(ctx); !errors.Is(err, boom) {
		t.Errorf("Ready() error = %v, want it to wrap boom", err)
	}
	if err := NewItemService(repository.NewMemoryItemRepository()).Ready(ctx); err != nil {
		t.Errorf("Ready() error = %v, want nil", err)
	}
}
`;
}

/** The team-owned files of this part of the service. */
export function goItemServiceFiles(m: ServiceModel): ScaffoldFile[] {
  return [
    { path: 'internal/service/items.go', content: itemsGo(m), ownership: FileOwnership.TEAM },
    { path: 'internal/service/items_test.go', content: itemsTestGo(m), ownership: FileOwnership.TEAM },
  ];
}
