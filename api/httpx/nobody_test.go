package httpx

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestNoBodyRefusesAFieldTheRouteWouldIgnore(t *testing.T) {
	gin.SetMode(gin.TestMode)
	r := gin.New()
	reached := 0
	r.POST("/send", NoBody, func(c *gin.Context) { reached++; c.Status(http.StatusOK) })
	for _, c := range []struct {
		body string
		pass bool
	}{
		{"", true}, {"  \n", true}, {"{}", true}, {" { } ", true},
		{`{"channel":"sms"}`, false}, {`[]`, false}, {`{}{}`, false}, {`"x"`, false}, {`{"a":`, false},
	} {
		before := reached
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/send", strings.NewReader(c.body)))
		if got := reached > before; got != c.pass {
			t.Errorf("body %q: handler reached %v, want %v (answer %d %s)", c.body, got, c.pass, w.Code, w.Body)
		}
		if !c.pass && !strings.Contains(w.Body.String(), "this request takes no body") {
			t.Errorf("body %q answered %d %s", c.body, w.Code, w.Body)
		}
	}
}
