package repository

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestCreateAssignsSequentialIDs(t *testing.T) {
	repo := NewMemoryItemRepository()
	repo.now = func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }
	ctx := context.Background()

	first, err := repo.Create(ctx, "first")
	if err != nil {
		t.Fatal(err)
	}
	second, err := repo.Create(ctx, "second")
	if err != nil {
		t.Fatal(err)
	}
	if first.ID != "1" || second.ID != "2" {
		t.Fatalf("ids = %q, %q, want 1, 2", first.ID, second.ID)
	}
	if !first.CreatedAt.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Fatalf("CreatedAt = %v", first.CreatedAt)
	}
}

func TestGetReturnsStoredItemOrErrNotFound(t *testing.T) {
	repo := NewMemoryItemRepository()
	ctx := context.Background()
	created, err := repo.Create(ctx, "widget")
	if err != nil {
		t.Fatal(err)
	}

	got, err := repo.Get(ctx, created.ID)
	if err != nil || got != created {
		t.Fatalf("Get() = %+v, %v, want %+v", got, err, created)
	}
	if _, err := repo.Get(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(missing) error = %v, want ErrNotFound", err)
	}
}

func TestListKeepsCreationOrder(t *testing.T) {
	repo := NewMemoryItemRepository()
	ctx := context.Background()
	empty, err := repo.List(ctx)
	if err != nil || len(empty) != 0 {
		t.Fatalf("List() on an empty repository = %v, %v", empty, err)
	}
	for _, name := range []string{"a", "b", "c"} {
		if _, err := repo.Create(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	items, err := repo.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || items[0].Name != "a" || items[2].Name != "c" {
		t.Fatalf("List() = %+v, want a, b, c in order", items)
	}
}

func TestCancelledContextIsRejected(t *testing.T) {
	repo := NewMemoryItemRepository()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	if _, err := repo.Create(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Errorf("Create() error = %v, want context.Canceled", err)
	}
	if _, err := repo.Get(ctx, "1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get() error = %v, want context.Canceled", err)
	}
	if _, err := repo.List(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("List() error = %v, want context.Canceled", err)
	}
	if err := repo.Ping(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Ping() error = %v, want context.Canceled", err)
	}
	if err := repo.Ping(context.Background()); err != nil {
		t.Errorf("Ping() error = %v, want nil", err)
	}
}

func TestConcurrentCreatesGetDistinctIDs(t *testing.T) {
	repo := NewMemoryItemRepository()
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := repo.Create(ctx, "item"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	items, err := repo.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, item := range items {
		if seen[item.ID] {
			t.Fatalf("duplicate id %s", item.ID)
		}
		seen[item.ID] = true
	}
	if len(seen) != 100 {
		t.Fatalf("got %d items, want 100", len(seen))
	}
}
