# Pitstop: `make run` starts everything on an embedded default, `make test` runs every test.
TEMPORAL_CLI_VERSION := v1.5.1
BIN      := $(CURDIR)/bin
TEMPORAL := $(BIN)/temporal
STATICCHECK_VERSION   := v0.8.2
WORKFLOWCHECK_VERSION := v0.6.0
STATICCHECK   := $(BIN)/staticcheck
WORKFLOWCHECK := $(BIN)/workflowcheck
GO       ?= go
# Redocly's CLI lints api/openapi.yaml (recommended rules); from npm into .tools/ (gitignored).
REDOCLY_VERSION := 2.77.0
REDOCLY_STAMP   := $(CURDIR)/.tools/redocly/.installed-$(REDOCLY_VERSION)
REDOCLY         := $(CURDIR)/.tools/redocly/node_modules/.bin/redocly

.PHONY: run cluster cluster-test chaos test bench mutate build lint openapi-lint alerts generate migration migration-check clean help fuzz

help:
	@echo "make run    - Temporal dev server + worker + API + fake providers + demo data"
	@echo "make cluster - the production shape: Temporal server on PostgreSQL, 2 workers, 2 APIs, Prometheus, fakes"
	@echo "make cluster-test - start the cluster and walk one appointment through it (CI runs it)"
	@echo "make chaos  - faults on the cluster (kill -9 worker/API, Temporal restart, PostgreSQL cut) with lifecycles in flight"
	@echo "make test   - every test but the browser ones (needs PostgreSQL on 127.0.0.1:5432, see README)"
	@echo "make screens - the browser tests: Chromium + axe, every screen in four languages"
	@echo "make bench  - benchmarks, printed as ratios against a baseline"
	@echo "make mutate - deliberate bugs, one at a time in a scratch copy: each must fail its tests"
	@echo "make build  - build bin/pitstop"
	@echo "make lint   - go vet, staticcheck and workflowcheck (pinned, built into bin/)"
	@echo "make openapi-lint - redocly lint (recommended rules) of api/openapi.yaml: zero errors"
	@echo "make alerts - promtool: the Prometheus config is valid and each alerting rule fires when it should"
	@echo "make migration NAME=x - write the next schema migration from ent/schema"
	@echo "make fuzz   - each fuzz target for FUZZTIME (10s); needs PostgreSQL"

# The official Temporal CLI at the pinned version: a `temporal` already on
# the PATH when it is that version (a release binary prints "temporal version
# 1.5.1", a `go install` of it the server it embeds), else built from the Go
# module proxy once (8 to 20 minutes on a fresh 2-core machine, README).
TEMPORAL_SERVER_VERSION := 1.29.1
$(TEMPORAL):
	@mkdir -p $(BIN)
	@if command -v temporal >/dev/null 2>&1 && temporal --version 2>/dev/null | grep -Eq 'version $(TEMPORAL_CLI_VERSION:v%=%) |Server $(TEMPORAL_SERVER_VERSION),'; then \
		echo ">> using $$(command -v temporal) ($$(temporal --version)): linked into bin/"; \
		ln -sf "$$(command -v temporal)" $@; \
	else \
		echo ">> building the Temporal CLI $(TEMPORAL_CLI_VERSION) into bin/ (first time only: 8 to 20 minutes on 2 cores, with its downloads)"; \
		GOBIN=$(BIN) $(GO) install github.com/temporalio/cli/cmd/temporal@$(TEMPORAL_CLI_VERSION); \
	fi

build:
	@echo ">> building bin/pitstop (the first time compiles every dependency: minutes; seconds after)"
	$(GO) build -o $(BIN)/pitstop ./cmd/pitstop

run: $(TEMPORAL) build
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) $(BIN)/pitstop dev

# The Temporal server the CLI embeds (go.temporal.io/server
# $(TEMPORAL_SERVER_VERSION)), PostgreSQL plugin and SQL schema tool, for
# `make cluster`. tools/temporal-server/go.mod copies the CLI's requirements,
# so after bin/temporal every package they share comes from the Go build
# cache: about 30 s (a full build when bin/temporal is a downloaded release).
TEMPORAL_SERVER := $(BIN)/temporal-server
$(TEMPORAL_SERVER): tools/temporal-server/main.go tools/temporal-server/go.mod tools/temporal-server/go.sum | $(TEMPORAL)
	@echo ">> building the Temporal server $(TEMPORAL_SERVER_VERSION) into bin/ (about 30 s after bin/temporal: shared build cache)"
	cd tools/temporal-server && $(GO) build -o $@ .

# The production shape on this machine (README, "make cluster"): needs the
# PostgreSQL of `make test` on 127.0.0.1:5432; Prometheus when installed.
cluster: $(TEMPORAL_SERVER) build
	PITSTOP_TEMPORAL_SERVER=$(TEMPORAL_SERVER) $(BIN)/pitstop cluster

# The cluster starts and one appointment walks through it (app/cluster: its
# own processes on free ports and databases; about 20 s, part of make test).
cluster-test: $(TEMPORAL_SERVER) build
	PITSTOP_TEMPORAL_SERVER=$(TEMPORAL_SERVER) PITSTOP_BIN=$(BIN)/pitstop $(GO) test -count=1 -timeout 10m -run '^TestCluster' ./app/cluster/

# Faults on the cluster with lifecycles in flight (app/cluster/chaos_test.go,
# build tag chaos, so make test leaves it out; README "make chaos"): the
# same binaries as cluster-test, each built once. CHAOS_LIFECYCLES per
# fault (the issue's 200 when the time allows, README); CHAOS_FAULTS picks
# some of worker,api,temporal,postgres.
CHAOS_LIFECYCLES ?= 150
CHAOS_FAULTS ?=
chaos: $(TEMPORAL_SERVER) build
	PITSTOP_TEMPORAL_SERVER=$(TEMPORAL_SERVER) PITSTOP_BIN=$(BIN)/pitstop PITSTOP_CHAOS_LIFECYCLES=$(CHAOS_LIFECYCLES) PITSTOP_CHAOS_FAULTS=$(CHAOS_FAULTS) \
		$(GO) test -tags chaos -count=1 -timeout 20m -v -run '^TestChaos' ./app/cluster/

# Linters, pinned and built into bin/ (seconds).
$(STATICCHECK):
	@mkdir -p $(BIN)
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(WORKFLOWCHECK):
	@mkdir -p $(BIN)
	GOBIN=$(BIN) $(GO) install go.temporal.io/sdk/contrib/tools/workflowcheck@$(WORKFLOWCHECK_VERSION)

# staticcheck over everything; workflowcheck proves workflow code deterministic.
lint: $(STATICCHECK) $(WORKFLOWCHECK)
	$(GO) vet -tags screens ./...
	$(STATICCHECK) -tags screens ./...
	$(WORKFLOWCHECK) ./workflows/...

$(REDOCLY_STAMP):
	@command -v npm >/dev/null || { echo "openapi-lint needs npm (Debian: apt-get install npm)"; exit 1; }
	@echo ">> installing @redocly/cli $(REDOCLY_VERSION) into .tools/redocly (first time only)"
	npm install --prefix $(CURDIR)/.tools/redocly --no-audit --no-fund --no-save @redocly/cli@$(REDOCLY_VERSION)
	@touch $@

# Third-party tools must accept the document: Redocly's recommended rules, no
# error allowed (warnings are printed). Telemetry and update checks are off.
openapi-lint: $(REDOCLY_STAMP)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true $(REDOCLY) lint --extends recommended --format summary api/openapi.yaml

# The alerting rules ops rely on (deploy/prometheus): promtool checks the
# configuration and runs the rules' unit tests (alerts_test.yml). promtool is
# Debian's prometheus package (.ci/run installs it).
PROMTOOL ?= promtool
alerts:
	@command -v $(PROMTOOL) >/dev/null || { echo "make alerts needs promtool (Debian: apt-get install --no-install-recommends prometheus)"; exit 1; }
	$(PROMTOOL) check config deploy/prometheus/prometheus.yml
	cd deploy/prometheus && $(PROMTOOL) test rules alerts_test.yml

test: $(TEMPORAL) $(TEMPORAL_SERVER) lint openapi-lint alerts
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) PITSTOP_TEMPORAL_SERVER=$(TEMPORAL_SERVER) $(GO) test -count=1 -timeout 15m ./...

# The browser tests (Chromium with axe, four languages, every screen) take
# longer than the rest of the suite together. Their files carry the
# `screens` build tag, so `make test` leaves them out and stays under 15
# minutes; `make screens` runs them, and .ci/run runs both. Every test in a
# tagged file must match SCREEN_TESTS, and every test file driving Chromium
# must be tagged (internal/browsertest/split_test.go checks both).
SCREEN_TESTS := ^Test[A-Za-z]*(Browser|OnTheRealAPI|InBrowser|SeesAnAnswerLive)[A-Za-z]*$$
SCREEN_PKGS := ./api/... ./e2e/
screens: $(TEMPORAL)
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) $(GO) test -tags screens -count=1 -timeout 15m -run '$(SCREEN_TESTS)' $(SCREEN_PKGS)

# -p 1: one package's benchmarks at a time, so no two measure each other
# (go test otherwise runs packages in parallel; the ratios are to baselines
# measured in the same run, not protected from a neighbour's load).
# -timeout 60m: the e2e package's benchmarks run longer than go test's
# default 10 minutes (the DMS burst alone may take up to its 30-minute
# limit, e2e/dmsburst_bench_test.go, besides its baseline and the stack).
bench: $(TEMPORAL)
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) $(GO) test -p 1 -count=1 -timeout 60m -run '^$$' -bench . ./...

# Deliberate bugs (internal/mutate/mutations.txt), each applied alone to a
# scratch copy of the working tree: the tests named with it must fail.
# Fails when one survives, no longer applies or does not compile.
mutate: $(TEMPORAL)
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) $(GO) run ./internal/mutate internal/mutate/mutations.txt

# Every native fuzz target for FUZZTIME each (go test runs one -fuzz target
# at a time). The seed corpora in testdata/fuzz also run in `make test`.
# A failure leaves its input in the package's testdata/fuzz/<FuzzName>/.
# Minimisation is bounded: the API targets do database work per input, and
# minimising a new "interesting" input for the default 60s outlasts a short
# -fuzztime (the run then fails with "context deadline exceeded").
FUZZTIME ?= 10s
FUZZ_TARGETS := \
	./api:FuzzCommunicationRead ./api:FuzzIsAcsesAvailable ./api:FuzzRepairOverviewDownload \
	./api:FuzzOnlineCheckInAnswer ./api:FuzzDiagnoseOverviewAnswer ./api:FuzzReschedule ./api:FuzzCancel \
	./api:FuzzRemarksHandled ./api:FuzzDeskCheckInSend ./api:FuzzDeskCheckInStatus ./api:FuzzCarsysPush ./api:FuzzCarsysBasicAuth \
	./api:FuzzUploadAttachment ./api:FuzzTwilioStatusCallback ./api:FuzzTwilioInboundCallback ./api:FuzzMailgunEvents \
	./integrations/mailgun:FuzzParseWebhook ./integrations/twilio:FuzzValidateCallback \
	./internal/strictjson:FuzzDecode ./internal/textcheck:FuzzFileName ./internal/textcheck:FuzzField \
	./internal/messages:FuzzCheckText

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo ">> $$name ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 50x $$pkg; \
	done

generate:
	$(GO) generate ./ent
	$(GO) generate ./e2e/pitstopclient

# The next versioned migration (both dialects) from ent/schema; needs the
# PostgreSQL server the tests use. README, "Database migrations".
migration:
	@test -n "$(NAME)" || { echo "usage: make migration NAME=<what_changed> (lower-case, digits, _)"; exit 2; }
	$(GO) run ./cmd/migrations new $(NAME)

# Do the migration files match ent/schema and their atlas.sum?
migration-check:
	$(GO) run ./cmd/migrations check

clean:
	rm -rf $(BIN) .pitstop
