package twiliofake_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	twclient "github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	twiliofake "github.com/pitstop-dev/pitstop/integrations/twilio/fake"
)

// toFake sends the SDK's api.twilio.com requests to the fake.
type toFake struct{ base *url.URL }

func (t toFake) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, ""
	return http.DefaultTransport.RoundTrip(r)
}

func sdk(t *testing.T, s *twiliofake.Server) *openapi.ApiService {
	u, err := url.Parse(s.URL())
	require.NoError(t, err)
	c := &twclient.Client{Credentials: twclient.NewCredentials(s.AccountSID(), s.AuthToken()), HTTPClient: &http.Client{Transport: toFake{u}}}
	c.SetAccountSid(s.AccountSID())
	return openapi.NewApiServiceWithClient(c)
}

func TestListPagesThroughTheSDK(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	s.SetCallbacks(false)
	api := sdk(t, s)
	for i := 0; i < 5; i++ {
		p := &openapi.CreateMessageParams{}
		p.SetTo("+15551234567").SetFrom("+15005550006").SetBody(fmt.Sprintf("msg %d", i))
		_, err := api.CreateMessage(p)
		require.NoError(t, err)
	}
	p := &openapi.CreateMessageParams{}
	p.SetTo("+15550000000").SetFrom("+15005550006").SetBody("other")
	_, err := api.CreateMessage(p)
	require.NoError(t, err)

	lp := &openapi.ListMessageParams{}
	lp.SetTo("+15551234567").SetPageSize(2)
	msgs, err := api.ListMessage(lp)
	require.NoError(t, err)
	require.Len(t, msgs, 5, "three pages of 2, 2 and 1")
	for _, m := range msgs {
		assert.Equal(t, "+15551234567", *m.To)
	}

	page, err := api.PageMessage(lp, "", "")
	require.NoError(t, err)
	require.NotNil(t, page.NextPageUri)
	assert.True(t, strings.HasPrefix(*page.NextPageUri, "/2010-04-01/Accounts/"+s.AccountSID()+"/Messages.json?"))
}

func TestListFiltersByDateSent(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	s.SetCallbacks(false)
	api := sdk(t, s)
	p := &openapi.CreateMessageParams{}
	p.SetTo("+15551234567").SetFrom("+15005550006").SetBody("x")
	_, err := api.CreateMessage(p)
	require.NoError(t, err)

	after := &openapi.ListMessageParams{}
	after.SetDateSentAfter(time.Now().Add(-time.Minute))
	msgs, err := api.ListMessage(after)
	require.NoError(t, err)
	assert.Len(t, msgs, 1)

	after.SetDateSentAfter(time.Now().Add(time.Minute))
	msgs, err = api.ListMessage(after)
	require.NoError(t, err)
	assert.Empty(t, msgs)
}

func TestFaultsAndOutage(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	api := sdk(t, s)
	p := &openapi.CreateMessageParams{}
	p.SetTo("+15551234567").SetFrom("+15005550006").SetBody("x")

	s.FailNext(2, http.StatusInternalServerError)
	for i := 0; i < 2; i++ {
		_, err := api.CreateMessage(p)
		var rest *twclient.TwilioRestError
		require.ErrorAs(t, err, &rest)
		assert.Equal(t, 500, rest.Status)
	}
	_, err := api.CreateMessage(p)
	require.NoError(t, err)

	s.SetDown(true)
	_, err = api.ListMessage(nil)
	require.Error(t, err)
	s.SetDown(false)
	msgs, err := api.ListMessage(nil)
	require.NoError(t, err)
	assert.Len(t, msgs, 1)
}

func TestFetchMessage(t *testing.T) {
	s := twiliofake.New()
	defer s.Close()
	api := sdk(t, s)
	p := &openapi.CreateMessageParams{}
	p.SetTo("+15551234567").SetFrom("+15005550006").SetBody("x")
	m, err := api.CreateMessage(p)
	require.NoError(t, err)
	got, err := api.FetchMessage(*m.Sid, nil)
	require.NoError(t, err)
	assert.Equal(t, *m.Sid, *got.Sid)
}
