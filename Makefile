# The two commands a newcomer needs (see README):
#   make demo   set up, then build the sample province in ./demo and run the whole job on it
#   make test   set up, then run every test (race detector on)
FUZZTIME ?= 15s

.PHONY: setup demo test check fuzz bench bench-smoke

setup:
	./scripts/setup.sh

demo: setup
	bin/lwc demo demo

test: setup check
	go test -race -count=1 ./...

check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...

# Bounded fuzzing of every parser and of the whole submission reader.
fuzz: setup
	./scripts/fuzz.sh $(FUZZTIME)

# Benchmarks of a run at 13, 100 and 878 districts, with a table (docs/performance.md).
bench: setup
	./scripts/bench.sh

# Every benchmark once, cmd/lwc's at 13 districts only (CI): a benchmark
# that no longer runs fails here, not at the next measurement.
bench-smoke: setup
	LWC_BENCH_SIZES=13 go test -run '^$$' -bench . -benchtime 1x ./...
