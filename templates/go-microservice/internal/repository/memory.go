// Package repository stores items. MemoryItemRepository keeps them in process
// memory: a starting point to replace with a database-backed implementation
// that keeps the same methods.
package repository

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"
)

// ErrNotFound is returned when no item has the requested id.
var ErrNotFound = errors.New("item not found")

// Item is one stored item.
type Item struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// MemoryItemRepository is an in-memory item store, safe for concurrent use.
type MemoryItemRepository struct {
	mu     sync.RWMutex
	items  map[string]Item
	order  []string
	nextID int
	now    func() time.Time
}

// NewMemoryItemRepository returns an empty repository.
func NewMemoryItemRepository() *MemoryItemRepository {
	return &MemoryItemRepository{items: map[string]Item{}, now: time.Now}
}

// Create stores a new item with the given name and returns it with its id.
func (r *MemoryItemRepository) Create(ctx context.Context, name string) (Item, error) {
	if err := ctx.Err(); err != nil {
		return Item{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nextID++
	item := Item{ID: strconv.Itoa(r.nextID), Name: name, CreatedAt: r.now().UTC()}
	r.items[item.ID] = item
	r.order = append(r.order, item.ID)
	return item, nil
}

// Get returns the item with the given id, or ErrNotFound.
func (r *MemoryItemRepository) Get(ctx context.Context, id string) (Item, error) {
	if err := ctx.Err(); err != nil {
		return Item{}, err
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	item, ok := r.items[id]
	if !ok {
		return Item{}, ErrNotFound
	}
	return item, nil
}

// List returns every item in creation order.
func (r *MemoryItemRepository) List(ctx context.Context) ([]Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	items := make([]Item, 0, len(r.order))
	for _, id := range r.order {
		items = append(items, r.items[id])
	}
	return items, nil
}

// Ping reports whether the repository can serve requests; memory always can.
func (r *MemoryItemRepository) Ping(ctx context.Context) error {
	return ctx.Err()
}
