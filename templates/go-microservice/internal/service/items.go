// Package service holds the business rules for items, independent of HTTP and
// of how items are stored.
package service

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"example.com/golden-path/go-microservice/internal/repository"
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
