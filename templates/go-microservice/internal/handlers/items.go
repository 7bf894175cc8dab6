package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"example.com/golden-path/go-microservice/internal/repository"
	"example.com/golden-path/go-microservice/internal/service"
)

// maxRequestBytes bounds request bodies.
const maxRequestBytes = 1 << 20

type itemResponse struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

type itemListResponse struct {
	Items []itemResponse `json:"items"`
}

type createItemRequest struct {
	Name string `json:"name"`
}

func toItemResponse(item repository.Item) itemResponse {
	return itemResponse{ID: item.ID, Name: item.Name, CreatedAt: item.CreatedAt}
}

// listItems answers GET /v1/items.
func (a *API) listItems(c *gin.Context) {
	items, err := a.items.List(c.Request.Context())
	if err != nil {
		a.internalError(c, err)
		return
	}
	response := itemListResponse{Items: make([]itemResponse, 0, len(items))}
	for _, item := range items {
		response.Items = append(response.Items, toItemResponse(item))
	}
	c.JSON(http.StatusOK, response)
}

// createItem answers POST /v1/items.
func (a *API) createItem(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxRequestBytes)
	var request createItemRequest
	if err := c.ShouldBindJSON(&request); err != nil {
		c.JSON(http.StatusBadRequest, errorResponse{Error: `the body must be a JSON object such as {"name": "widget"}`})
		return
	}
	item, err := a.items.Create(c.Request.Context(), request.Name)
	var invalid *service.ValidationError
	if errors.As(err, &invalid) {
		c.JSON(http.StatusBadRequest, errorResponse{Error: invalid.Error()})
		return
	}
	if err != nil {
		a.internalError(c, err)
		return
	}
	c.Header("Location", "/v1/items/"+item.ID)
	c.JSON(http.StatusCreated, toItemResponse(item))
}

// getItem answers GET /v1/items/{id}.
func (a *API) getItem(c *gin.Context) {
	item, err := a.items.Get(c.Request.Context(), c.Param("id"))
	if errors.Is(err, repository.ErrNotFound) {
		c.JSON(http.StatusNotFound, errorResponse{Error: "item not found"})
		return
	}
	if err != nil {
		a.internalError(c, err)
		return
	}
	c.JSON(http.StatusOK, toItemResponse(item))
}
