package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/internal/keys"
)

// On PostgreSQL the communication is locked only for the final count, not
// for the whole upload: a phone that stalls mid-photo does not make the
// customer's other photos wait, and still no two uploads are both the tenth.
func TestStalledUploadDoesNotHoldTheOthers(t *testing.T) {
	s := newStack(t)
	ap := s.Demo.Appointments[0].AppointmentID
	key := s.keyOf(ap, keys.Customer)
	url := s.API.URL + "/v1/communication/upload_attachment"

	// The slow phone: a quarter of its photo, then nothing until resumed.
	resume := make(chan struct{})
	slow := make(chan postResult, 1)
	go func() {
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			err := mw.WriteField("key", key)
			var fw io.Writer
			if err == nil {
				fw, err = mw.CreateFormFile("file", "slow.jpg")
			}
			if err == nil {
				_, err = fw.Write(bytes.Repeat([]byte{0xff}, 1<<20))
			}
			<-resume
			if err == nil {
				_, err = fw.Write(bytes.Repeat([]byte{0xd8}, 3<<20))
			}
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		slow <- post(url, mw.FormDataContentType(), pr, 4*uploadTimeout)
	}()
	// The slow upload is under way and stalled: its transaction has stored
	// the first chunks of its file (ChunkSize 256 KB of the first 1 MB) and
	// waits for the rest of the body.
	require.Eventually(t, func() bool {
		var n int
		err := s.DB.SQL.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
			AND state = 'idle in transaction' AND query ILIKE '%uploaded_file_chunks%'`).Scan(&n)
		return err == nil && n == 1
	}, 10*time.Second, 20*time.Millisecond, "the slow upload's transaction holds its first chunks")

	// The other photos go through meanwhile: eight more, at once, from a
	// communication with one file already.
	require.Equal(t, http.StatusOK, uploadSmall(url, key, "first.jpg").code)
	var wg sync.WaitGroup
	results := make([]postResult, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = uploadSmall(url, key, "more.jpg")
		}()
	}
	wg.Wait()
	for i, r := range results {
		require.NoError(t, r.err, "upload %d waited for the stalled one", i)
		require.Equal(t, http.StatusOK, r.code, string(r.body))
		require.NotContains(t, string(r.body), `"errors"`)
	}
	require.Equal(t, 9, s.files(ap), "nine stored while the slow one stalls")

	// Now a race for the last place: the slow upload and three others.
	close(resume)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = uploadSmall(url, key, "race.jpg")
		}()
	}
	wg.Wait()
	all := append(results[:3:3], <-slow)
	won := 0
	for _, r := range all {
		require.NoError(t, r.err)
		require.Equal(t, http.StatusOK, r.code, string(r.body))
		if strings.Contains(string(r.body), `"errors"`) {
			require.Contains(t, string(r.body), "at most 10 files")
		} else {
			won++
		}
	}
	require.Equal(t, 1, won, "exactly one upload takes the tenth place")
	require.Equal(t, 10, s.files(ap))
}

// uploadTimeout: a small upload that takes longer waited for another.
const uploadTimeout = 5 * time.Second

type postResult struct {
	code int
	body []byte
	err  error
}

// post is an HTTP POST from any goroutine (no require) whose client gives up
// after timeout.
func post(url, contentType string, body io.Reader, timeout time.Duration) postResult {
	res, err := (&http.Client{Timeout: timeout}).Post(url, contentType, body)
	if err != nil {
		return postResult{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return postResult{code: res.StatusCode, body: b, err: err}
}

func uploadSmall(url, key, name string) postResult {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("key", key)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(bytes.Repeat([]byte{0xff, 0xd8}, 100))
	_ = mw.Close()
	return post(url, mw.FormDataContentType(), &buf, uploadTimeout)
}

// Downloads are bounded like uploads: with every slot held by a client that
// stopped reading, the next download waits api.SlotWait and is told to try
// again (503); once the slow client goes, downloads are served again.
func TestDownloadsAreBounded(t *testing.T) {
	defer func(n int, w time.Duration) { api.MaxConcurrentDownloads, api.SlotWait = n, w }(api.MaxConcurrentDownloads, api.SlotWait)
	api.MaxConcurrentDownloads, api.SlotWait = 1, 300*time.Millisecond // read when the stack's API is built
	s := newStack(t)
	key := s.keyOf(s.Demo.Appointments[0].AppointmentID, keys.Customer)
	const size = 24 << 20 // more than the socket buffers hold: the server's write blocks
	code, body := s.uploadStream(s.API.URL, key, "big.jpg", size)
	require.Equal(t, http.StatusOK, code, string(body))
	var up struct {
		URL string `json:"url"`
	}
	require.NoError(t, json.Unmarshal(body, &up), string(body))
	link := up.URL
	require.True(t, strings.HasPrefix(link, s.API.URL), link)

	// The slow client: reads the headers and a little, then stops.
	slow, err := http.Get(link)
	require.NoError(t, err)
	t.Cleanup(func() { _ = slow.Body.Close() }) // before the API's cleanup waits for its handler
	require.Equal(t, http.StatusOK, slow.StatusCode)
	_, err = io.ReadFull(slow.Body, make([]byte, 1024))
	require.NoError(t, err)
	// Its handler holds the one slot: it answered the headers and the first
	// KB, and the rest (more than the socket buffers) cannot be written.

	res, err := (&http.Client{Timeout: uploadTimeout}).Get(link)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode, string(b))
	require.Contains(t, string(b), "too many downloads at once")

	require.NoError(t, slow.Body.Close())
	require.Eventually(t, func() bool {
		res, err := (&http.Client{Timeout: uploadTimeout}).Get(link)
		if err != nil {
			return false
		}
		defer res.Body.Close()
		n, _ := io.Copy(io.Discard, res.Body)
		return res.StatusCode == http.StatusOK && n == size
	}, 10*time.Second, 100*time.Millisecond, "the slot is free again once the slow client is gone")
}
