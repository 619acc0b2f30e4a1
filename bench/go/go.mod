module handoff.dev/bench

go 1.19
