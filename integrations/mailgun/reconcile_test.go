package mailgun_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/integrations/mailgun"
	mailgunfake "github.com/pitstop-dev/pitstop/integrations/mailgun/fake"
)

func TestFindSentByVariable(t *testing.T) {
	_, c := newPair(t)
	ctx := context.Background()
	first, err := c.SendEmail(ctx, mailgun.Email{To: "a@example.com", Subject: "s", Text: "t", Variables: map[string]string{"pitstop_ref": "PS-1"}})
	require.NoError(t, err)
	_, err = c.SendEmail(ctx, mailgun.Email{To: "b@example.com", Subject: "s", Text: "t", Variables: map[string]string{"pitstop_ref": "PS-2"}})
	require.NoError(t, err)

	id, found, err := c.FindSent(ctx, "pitstop_ref", "PS-1")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, first, id)

	_, found, err = c.FindSent(ctx, "pitstop_ref", "PS-404")
	require.NoError(t, err)
	assert.False(t, found)

	_, _, err = c.FindSent(ctx, "pitstop_ref", "")
	assert.True(t, mailgun.IsPermanent(err))
}

func TestFindSentIsTransientWhenDown(t *testing.T) {
	fake, c := newPair(t)
	fake.SetDown(true)
	_, _, err := c.FindSent(context.Background(), "pitstop_ref", "PS-1")
	require.Error(t, err)
	assert.False(t, mailgun.IsPermanent(err))
}

func TestFindSentBehindAPathPrefix(t *testing.T) {
	// A dev process mounts the fake under /mailgun: paging URLs must keep it.
	fake := mailgunfake.NewHandler()
	t.Cleanup(fake.Close)
	mux := http.NewServeMux()
	mux.Handle("/mailgun/", http.StripPrefix("/mailgun", fake))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := mailgun.New(mailgun.Config{Domain: fake.Domain(), APIKey: fake.APIKey(), From: sender, BaseURL: srv.URL + "/mailgun"})
	require.NoError(t, err)

	sent, err := c.SendEmail(context.Background(), mailgun.Email{To: "a@example.com", Subject: "s", Text: "t", Variables: map[string]string{"ref": "R1"}})
	require.NoError(t, err)
	id, found, err := c.FindSent(context.Background(), "ref", "R1")
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, sent, id)
}
