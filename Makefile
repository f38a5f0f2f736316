# Pitstop: `make run` starts everything on an embedded default, `make test` runs every test.
TEMPORAL_CLI_VERSION := v1.5.1
BIN      := $(CURDIR)/bin
TEMPORAL := $(BIN)/temporal
GO       ?= go

.PHONY: run test bench build lint generate clean help

help:
	@echo "make run    - Temporal dev server + worker + API + fake providers + demo data"
	@echo "make test   - every test (needs PostgreSQL on 127.0.0.1:5432, see README)"
	@echo "make bench  - benchmarks, printed as ratios against a baseline"
	@echo "make build  - build bin/pitstop"

# The official Temporal CLI, built from the Go module proxy once (about 3 minutes).
$(TEMPORAL):
	@echo ">> building the Temporal CLI $(TEMPORAL_CLI_VERSION) into bin/ (first time only, a few minutes)"
	@mkdir -p $(BIN)
	GOBIN=$(BIN) $(GO) install github.com/temporalio/cli/cmd/temporal@$(TEMPORAL_CLI_VERSION)

build:
	$(GO) build -o $(BIN)/pitstop ./cmd/pitstop

run: $(TEMPORAL) build
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) $(BIN)/pitstop dev

test: $(TEMPORAL)
	$(GO) vet ./...
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) $(GO) test -count=1 -timeout 15m ./...

bench: $(TEMPORAL)
	PITSTOP_TEMPORAL_CLI=$(TEMPORAL) $(GO) test -count=1 -run '^$$' -bench . ./...

generate:
	$(GO) generate ./ent

clean:
	rm -rf $(BIN) .pitstop
