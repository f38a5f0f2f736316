package httpgzip

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAccepts(t *testing.T) {
	for header, want := range map[string]bool{
		"": false, "gzip": true, "deflate, gzip;q=0.5": true, "br": false, "*": true,
		"gzip;q=0": false, "GZIP; q=0.0": false, "identity": false, "gzip;q=1.0, br": true,
	} {
		require.Equal(t, want, Accepts(header), "%q", header)
	}
}

func TestWriteCompressesWhatIsAcceptedAndLargeEnough(t *testing.T) {
	body := bytes.Repeat([]byte(`{"title":"Brake pads front","price":129.5},`), 100)
	for _, tc := range []struct {
		name, accept string
		body         []byte
		gzipped      bool
	}{
		{"accepted", "gzip, deflate", body, true},
		{"refused", "gzip;q=0", body, false},
		{"not asked", "", body, false},
		{"small", "gzip", body[:MinSize-1], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", nil)
			r.Header.Set("Accept-Encoding", tc.accept)
			w := httptest.NewRecorder()
			require.NoError(t, Write(w, r, http.StatusOK, "application/json; charset=utf-8", tc.body))
			require.Equal(t, "Accept-Encoding", w.Header().Get("Vary"))
			require.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
			got := w.Body.Bytes()
			require.Equal(t, strconv.Itoa(len(got)), w.Header().Get("Content-Length"))
			if !tc.gzipped {
				require.Empty(t, w.Header().Get("Content-Encoding"))
				require.Equal(t, tc.body, got)
				return
			}
			require.Equal(t, "gzip", w.Header().Get("Content-Encoding"))
			require.Less(t, len(got), len(tc.body)/4, "JSON compresses")
			zr, err := gzip.NewReader(bytes.NewReader(got))
			require.NoError(t, err)
			plain, err := io.ReadAll(zr)
			require.NoError(t, err)
			require.Equal(t, tc.body, plain, "the same bytes, compressed")
		})
	}
}

// Compressed bodies are kept by content: the same body again is the kept
// copy, another body is compressed anew, and the oldest falls out.
func TestCompressedBodiesAreKeptByContent(t *testing.T) {
	a := bytes.Repeat([]byte("a customer's read "), 100)
	b := bytes.Repeat([]byte("another customer's read "), 100)
	za, err := compressed(a)
	require.NoError(t, err)
	za2, err := compressed(a)
	require.NoError(t, err)
	require.Same(t, &za[0], &za2[0], "the same body is served from the cache")
	zb, err := compressed(b)
	require.NoError(t, err)
	require.NotEqual(t, za, zb)

	c := newLRU(2)
	k := func(s string) [32]byte { return sha256.Sum256([]byte(s)) }
	c.put(k("1"), []byte("1"))
	c.put(k("2"), []byte("2"))
	_, _ = c.get(k("1")) // 1 is now the most recent
	c.put(k("3"), []byte("3"))
	_, ok := c.get(k("2"))
	require.False(t, ok, "the least recently used is dropped")
	for _, s := range []string{"1", "3"} {
		got, ok := c.get(k(s))
		require.True(t, ok)
		require.Equal(t, []byte(s), got)
	}
}
