# nhilint — developer tasks. `make test` is what CI runs (.ci/run).
GO      ?= go
BIN     ?= bin/nhilint
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
CORPUS  ?= ../shared/corpus/real-world.tar.gz
OPA     := $(GO) run github.com/open-policy-agent/opa

.PHONY: build install test lint fmt bench bench-corpus sarif-validate fixtures-update

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/nhilint

install:
	$(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/nhilint

# Go and Rego tests (Rego tests run inside `go test` through OPA's tester),
# static checks, the pre-commit hook run by the real pre-commit, and the
# SARIF output checked by Microsoft's validator.
test: lint
	NHILINT_SARIF_VALIDATOR=1 NHILINT_PRECOMMIT=1 $(GO) test -count=1 ./...
	$(MAKE) sarif-validate

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(OPA) fmt --fail --list policies/ >/dev/null || \
	  { echo "opa fmt needed:"; $(OPA) fmt --list policies/; exit 1; }

fmt:
	gofmt -w $$(git ls-files '*.go')
	$(OPA) fmt --write policies/

# Scan every fixture into one SARIF file and validate it with the SARIF
# multitool (default rules and GitHub's rules).
sarif-validate: build
	@mkdir -p .cache
	@# findings (1) and the deliberately broken fixture (3) are expected here
	./$(BIN) scan --format sarif --output .cache/fixtures.sarif fixtures 2>/dev/null; \
	  rc=$$?; [ $$rc -eq 1 ] || [ $$rc -eq 3 ] || { echo "unexpected exit code $$rc"; exit 1; }
	scripts/sarif-validate.sh .cache/fixtures.sarif

# Rewrite the golden files of fixtures and reports after a reviewed change.
fixtures-update:
	$(GO) test ./scan/ ./report/ -run 'TestFixtures|TestGolden' -update

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@if [ -f "$(CORPUS)" ]; then $(MAKE) bench-corpus; else echo "corpus $(CORPUS) not found: whole-process benchmark skipped"; fi

bench-corpus: build
	scripts/bench-corpus.sh $(CORPUS) ./$(BIN)
