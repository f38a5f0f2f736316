package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// requestLog writes one structured line per request. It logs the path, never
// the body or query string (keys and PINs travel there).
func requestLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		attrs := []any{
			"method", c.Request.Method, "route", c.FullPath(), "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "duration_ms", float64(time.Since(start).Microseconds()) / 1000,
			"client_ip", c.ClientIP(),
		}
		if uid, ok := c.Get(ctxUserID); ok {
			attrs = append(attrs, "user_id", uid)
		}
		if len(c.Errors) > 0 {
			attrs = append(attrs, "error", c.Errors.String())
		}
		level := slog.LevelInfo
		if c.Writer.Status() >= 500 {
			level = slog.LevelError
		}
		log.Log(c.Request.Context(), level, "http request", attrs...)
	}
}

// recovery turns a panic into a clean 500 in the spec's shape.
func recovery(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				log.Error("panic in handler", "route", c.FullPath(), "panic", fmt.Sprint(r))
				if !c.Writer.Written() {
					fail(c, http.StatusInternalServerError, "internal server error, try again later")
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}
