package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pitstop-dev/pitstop/api/httpx"
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
		if uid, ok := c.Get(httpx.UserIDKey); ok {
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
					httpx.Write(c, httpx.Fail(http.StatusInternalServerError, "internal server error, try again later"))
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}

// securityHeaders, on every response (404s of unknown paths and /healthz
// too): API responses carry personal data and keys, so no cache keeps them;
// no page may frame them; HSTS once the request came over TLS (directly, or
// as a trusted proxy reports it).
func securityHeaders(trustedProxies bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		if c.Request.TLS != nil || (trustedProxies && c.GetHeader("X-Forwarded-Proto") == "https") {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		c.Next()
	}
}

// warnUntrustedForwarding logs once when requests carry X-Forwarded-For but
// no proxy is trusted: behind such a proxy every customer shares one address
// (and one wrong-key limit) until PITSTOP_TRUSTED_PROXIES names it.
func warnUntrustedForwarding(log *slog.Logger, trusted bool) gin.HandlerFunc {
	var once sync.Once
	return func(c *gin.Context) {
		if !trusted && c.GetHeader("X-Forwarded-For") != "" {
			once.Do(func() {
				log.Warn("requests carry X-Forwarded-For but no trusted proxy is configured; set PITSTOP_TRUSTED_PROXIES to the load balancer's address so clients are told apart",
					"remote_addr", c.RemoteIP())
			})
		}
		c.Next()
	}
}
