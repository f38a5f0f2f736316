package api

import "github.com/gin-gonic/gin"

// notificationRoutes mounts the providers' callbacks: delivery statuses from
// Twilio and Mailgun, and inbound SMS (opt-out keywords).
func (s *Server) notificationRoutes(v1 *gin.RouterGroup) {}
