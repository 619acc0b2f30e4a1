// Workload latency, Go 1.19: how long after a goroutine enters a blocking system call the next
// goroutine on that P starts running, with GOMAXPROCS=1 (only sysmon's retake can hand the P off).
// The same design as bench/src/main/java/dev/handoff/bench/latency/LatencyProgram.java: each round,
// goroutine A (the main one) starts B (it goes to runnext), reads the clock (t0) and calls
// syscall.Syscall(SYS_NANOSLEEP, 2 ms); B reads the clock (t1) when it first runs. latency = t1-t0.
// A then waits for B with runtime.Gosched (B has normally run long before A wakes).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

func init() {
	registerProgram("latency.Go", latencyGo)
}

func latencyGo(quick bool) {
	// 100 rounds of warm-up: Go has no JIT to wait for (the Java side warms up 1,000 rounds for its
	// compiler). Not more: the longer Go's run, the likelier that its sysmon backs off beyond the
	// 2 ms syscall under load, after which B only runs when A returns (docs/benchmarks.md); 100
	// keeps Go's numbers where they were. LATENCY_WARMUP changes it.
	rounds, warmup := 1000, 100
	if quick {
		rounds, warmup = 200, 50
	}
	if v, err := strconv.Atoi(os.Getenv("LATENCY_WARMUP")); err == nil && v >= 0 {
		warmup = v
	}
	runtime.GOMAXPROCS(1)
	base := time.Now()
	sleepUs := 2000 // LATENCY_SLEEP_US changes it for experiments; the harness uses 2 ms
	if v, err := strconv.Atoi(os.Getenv("LATENCY_SLEEP_US")); err == nil && v > 0 {
		sleepUs = v
	}
	ts := syscall.Timespec{Nsec: int64(sleepUs) * 1000}
	lat := make([]int64, 0, rounds)
	late := 0
	for i := 0; i < warmup+rounds; i++ {
		var t1 int64
		var done int32
		go func() {
			t1 = int64(time.Since(base))
			atomic.StoreInt32(&done, 1)
		}()
		t0 := int64(time.Since(base))
		// EINTR: Go's preemption signal (SIGURG) can interrupt the sleep; sleep again.
		for {
			_, _, e := syscall.Syscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), 0, 0)
			if e == syscall.EINTR {
				continue
			}
			if e != 0 {
				panic(e)
			}
			break
		}
		t2 := int64(time.Since(base))
		for atomic.LoadInt32(&done) == 0 {
			runtime.Gosched()
		}
		if i >= warmup {
			lat = append(lat, t1-t0)
			if t1 >= t2 {
				late++
			}
		}
	}
	note := fmt.Sprintf("GOMAXPROCS=1, %d µs nanosleep, %d rounds after %d of warm-up; %d rounds B ran only after A's syscall returned", sleepUs, rounds, warmup, late)
	emitPercentiles("latency.Go", lat, note)
}
