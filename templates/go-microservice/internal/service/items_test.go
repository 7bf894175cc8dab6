package service

import (
	"context"
	"errors"
	"strings"
	"testing"

	"example.com/golden-path/go-microservice/internal/repository"
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
