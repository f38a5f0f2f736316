package dealerhookfake_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/dealerhook"
	dealerhookfake "github.com/pitstop-dev/pitstop/integrations/dealerhook/fake"
)

func post(t *testing.T, url, id string, ts time.Time, sig, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set(dealerhook.HeaderID, id)
	req.Header.Set(dealerhook.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(dealerhook.HeaderSignature, sig)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func TestReceiverVerifiesRotatesAndDedupes(t *testing.T) {
	oldS, newS := []byte("old"), []byte("new")
	r := dealerhookfake.New(oldS, newS)
	defer r.Close()
	now := time.Now()

	assert.Equal(t, http.StatusNoContent, post(t, r.URL(), "m1", now, dealerhook.Sign(oldS, "m1", now, []byte("{}")), "{}"))
	assert.Equal(t, http.StatusNoContent, post(t, r.URL(), "m2", now, dealerhook.Sign(newS, "m2", now, []byte("{}")), "{}"))
	assert.Equal(t, http.StatusOK, post(t, r.URL(), "m2", now, dealerhook.Sign(newS, "m2", now, []byte("{}")), "{}"))
	assert.Equal(t, http.StatusUnauthorized, post(t, r.URL(), "m3", now, dealerhook.Sign(newS, "m3", now, []byte("{}")), `{"x":1}`))
	old := now.Add(-time.Hour)
	assert.Equal(t, http.StatusUnauthorized, post(t, r.URL(), "m4", old, dealerhook.Sign(newS, "m4", old, []byte("{}")), "{}"))

	assert.Len(t, r.Received(), 2)
	assert.Equal(t, 1, r.Duplicates())
	assert.Equal(t, 2, r.Rejected())
}
