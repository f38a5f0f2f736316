package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	actappointment "github.com/pitstop-dev/pitstop/activities/appointment"
	"github.com/pitstop-dev/pitstop/api"
	"github.com/pitstop-dev/pitstop/app/seed"
	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/ent/customercommunication"
	"github.com/pitstop-dev/pitstop/internal/auth"
	"github.com/pitstop-dev/pitstop/internal/files"
	"github.com/pitstop-dev/pitstop/internal/keys"
	"github.com/pitstop-dev/pitstop/internal/store/storetest"
)

// On SQLite (one connection, the embedded default) a phone's slow upload
// must not hold the database: while one is half sent, a customer's read
// still answers at once, and the finished upload stores exactly its bytes.
func TestSlowUploadDoesNotHoldSQLite(t *testing.T) {
	ctx := context.Background()
	const secret = "sqlite-upload-key-secret"
	db := storetest.NewSQLite(t)
	_, err := seed.Run(ctx, db.Client, &actappointment.Activities{DB: db.Client, KeySecret: []byte(secret)}, time.Now())
	require.NoError(t, err)
	com, err := db.CustomerCommunication.Query().Order(ent.Asc(customercommunication.FieldID)).First(ctx)
	require.NoError(t, err)
	key := keys.Derive([]byte(secret), keys.Customer, com.ID, com.CustomerKeySalt)
	iss, err := auth.NewIssuer("sqlite-upload-token-secret-0123")
	require.NoError(t, err)
	srv := httptest.NewServer(api.New(api.Deps{DB: db, Tokens: iss, KeySecret: []byte(secret),
		PublicBaseURL: "https://pitstop.example", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)

	content := bytes.Repeat([]byte("pitstop "), 512<<10) // 4 MB
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	resume := make(chan struct{})
	go func() {
		err := mw.WriteField("key", key)
		var fw io.Writer
		if err == nil {
			fw, err = mw.CreateFormFile("file", "noise.txt")
		}
		if err == nil {
			_, err = fw.Write(content[:1<<20]) // a quarter, then the phone stalls
		}
		<-resume
		if err == nil {
			_, err = fw.Write(content[1<<20:])
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	type result struct {
		code int
		body []byte
	}
	done := make(chan result, 1)
	go func() {
		res, err := http.Post(srv.URL+"/v1/communication/upload_attachment", mw.FormDataContentType(), pr)
		if err != nil {
			done <- result{0, []byte(err.Error())}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		done <- result{res.StatusCode, b}
	}()

	time.Sleep(300 * time.Millisecond) // the upload is under way and stalled
	body, _ := json.Marshal(map[string]string{"key": key})
	start := time.Now()
	res, err := (&http.Client{Timeout: 5 * time.Second}).Post(srv.URL+"/v1/communication/read", "application/json", bytes.NewReader(body))
	require.NoError(t, err, "the read waited for the stalled upload")
	_ = res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Less(t, time.Since(start), 2*time.Second, "the read waited for the stalled upload")

	close(resume)
	r := <-done
	require.Equal(t, http.StatusOK, r.code, string(r.body))
	f, err := db.UploadedFile.Query().Only(ctx)
	require.NoError(t, err)
	got, err := io.ReadAll(files.Open(ctx, db.Client, f.ID))
	require.NoError(t, err)
	require.Equal(t, sha256.Sum256(content), sha256.Sum256(got))
}
