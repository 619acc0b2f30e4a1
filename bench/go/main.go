// The Go side of Handoff's benchmark harness: Go 1.19 anchors, standard library only.
//
// Each workload file registers its operations in init() with register. Each operation is timed
// around `iters` calls, `reps` times; the reported ns/op is the MEDIAN of the reps (min and max
// are printed too), exactly as the C side (../c/bench.h) does. One tab-separated line per operation:
//
//	name <TAB> median_ns <TAB> min_ns <TAB> max_ns <TAB> reps <TAB> iters
//
// Usage: bench-go [reps] [iters] [name-regex]   (defaults 7, 1000000, all)
//
//	bench-go -l                               (list the operation names)
//	bench-go -P | -p NAME quick|full          (programs: see programs.go)
package main

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"time"
)

type op struct {
	name string
	fn   func(iters int) uintptr
}

var ops []op

func register(name string, fn func(iters int) uintptr) { ops = append(ops, op{name, fn}) }

// sink keeps results alive so loops are not optimised away.
var sink uintptr

func main() {
	if programMain() {
		return
	}
	reps, iters, re := 7, 1000000, regexp.MustCompile("")
	var err error
	if len(os.Args) > 1 && os.Args[1] == "-l" {
		for _, o := range ops {
			fmt.Println(o.name)
		}
		return
	}
	if len(os.Args) > 1 {
		if reps, err = strconv.Atoi(os.Args[1]); err != nil || reps < 1 {
			usage()
		}
	}
	if len(os.Args) > 2 {
		if iters, err = strconv.Atoi(os.Args[2]); err != nil || iters < 10 {
			usage()
		}
	}
	if len(os.Args) > 3 {
		re = regexp.MustCompile(os.Args[3])
	}
	for _, o := range ops {
		if re.MatchString(o.name) {
			run(o, reps, iters)
		}
	}
}

func run(o op, reps, iters int) {
	sink += o.fn(iters / 10) // warm up
	ns := make([]float64, reps)
	for r := range ns {
		t0 := time.Now()
		sink += o.fn(iters)
		ns[r] = float64(time.Since(t0).Nanoseconds()) / float64(iters)
	}
	sort.Float64s(ns)
	fmt.Printf("%s\t%.2f\t%.2f\t%.2f\t%d\t%d\n", o.name, ns[reps/2], ns[0], ns[reps-1], reps, iters)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: bench-go [reps>=1] [iters>=10] [name-regex]")
	os.Exit(2)
}
