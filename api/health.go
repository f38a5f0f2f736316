package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz: the process is up.
func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz: the database and Temporal answer; 503 names what does not.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
	defer cancel()
	checks := gin.H{"database": "ok", "temporal": "ok"}
	ready := true
	// The causes go to the log, not to whoever asks (readyz is public).
	if err := s.DB.Ping(ctx); err != nil {
		_ = c.Error(err)
		checks["database"], ready = "unavailable", false
	}
	if _, err := s.Temporal.CheckHealth(ctx, nil); err != nil {
		_ = c.Error(err)
		checks["temporal"], ready = "unavailable", false
	}
	if !ready {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "checks": checks, "errors": []string{"not ready"}})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok", "checks": checks})
}
