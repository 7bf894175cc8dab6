package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type statusResponse struct {
	Status string `json:"status"`
}

// health answers the liveness probe: the process is up and serving HTTP.
func (a *API) health(c *gin.Context) {
	c.JSON(http.StatusOK, statusResponse{Status: "ok"})
}

// readiness answers the readiness probe: the service is not shutting down and
// its dependencies answer.
func (a *API) readiness(c *gin.Context) {
	if !a.ready.Load() {
		c.JSON(http.StatusServiceUnavailable, statusResponse{Status: "shutting down"})
		return
	}
	if err := a.items.Ready(c.Request.Context()); err != nil {
		a.logger.Error("not ready", append([]any{"error", err}, requestFields(c)...)...)
		c.JSON(http.StatusServiceUnavailable, statusResponse{Status: "unavailable"})
		return
	}
	c.JSON(http.StatusOK, statusResponse{Status: "ready"})
}
