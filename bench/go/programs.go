// Programs: the harness's measurements that are not a time per operation (percent of throughput
// kept, latency percentiles). A workload file registers one with registerProgram; each runs in its
// own process:
//
//	bench-go -P                   list the program names (e.g. kept.Go)
//	bench-go -p NAME quick|full   run one; prints name <TAB> value <TAB> unit <TAB> note per result
//
// The Java side (dev.handoff.bench.Programs) prints the same format.
package main

import (
	"fmt"
	"os"
	"sort"
)

type program struct {
	name string
	fn   func(quick bool)
}

var programs []program

func registerProgram(name string, fn func(quick bool)) {
	programs = append(programs, program{name, fn})
}

// programMain handles -P and -p; it returns false when the arguments are not for a program.
func programMain() bool {
	if len(os.Args) < 2 || (os.Args[1] != "-P" && os.Args[1] != "-p") {
		return false
	}
	if os.Args[1] == "-P" {
		for _, p := range programs {
			fmt.Println(p.name)
		}
		return true
	}
	if len(os.Args) != 4 || (os.Args[3] != "quick" && os.Args[3] != "full") {
		fmt.Fprintln(os.Stderr, "usage: bench-go -p NAME quick|full")
		os.Exit(2)
	}
	for _, p := range programs {
		if p.name == os.Args[2] {
			p.fn(os.Args[3] == "quick")
			return true
		}
	}
	fmt.Fprintln(os.Stderr, "bench-go: no program", os.Args[2])
	os.Exit(2)
	return true
}

func emit(name string, value float64, unit, note string) {
	fmt.Printf("%s\t%.2f\t%s\t%s\n", name, value, unit, note)
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// percentile: the smallest of the sorted values with at least p % at or below it.
// emitPercentiles sorts nanos and emits name.p50/.p90/.p99/.max in µs; the note goes on the first row.
func emitPercentiles(name string, nanos []int64, note string) {
	sort.Slice(nanos, func(a, b int) bool { return nanos[a] < nanos[b] })
	emit(name+".p50", float64(percentile(nanos, 50))/1e3, "µs", note)
	emit(name+".p90", float64(percentile(nanos, 90))/1e3, "µs", "")
	emit(name+".p99", float64(percentile(nanos, 99))/1e3, "µs", "")
	emit(name+".max", float64(nanos[len(nanos)-1])/1e3, "µs", "")
}

func percentile(sorted []int64, p float64) int64 {
	i := int(float64(len(sorted))*p/100+0.999999999) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

// work is one unit of compute for the throughput programs: 20,000 xorshift steps, as the Java side.
func work(x uint64) uint64 {
	for k := 0; k < 20000; k++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}
