// Workload kept, Go 1.19: compute throughput kept while 4 x GOMAXPROCS goroutines block in
// syscall.Syscall (half read from empty pipes, half loop over 10 ms nanosleeps), against a baseline
// without them; the same design as bench/src/main/java/dev/handoff/bench/kept/KeptProgram.java:
// 2 x GOMAXPROCS compute goroutines (work() + runtime.Gosched() per unit), windows of both modes
// alternating, median over rounds of (blocked window / mean of the baseline windows around it); the
// .best row divides the best blocked window by the best baseline window.
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

func init() {
	registerProgram("kept.Go", func(quick bool) { keptGo("kept.Go", quick) })
	// The workload: every blocker stays in the kernel for the whole window.
	registerProgram("kept.GoReaders", func(quick bool) { keptKind = "readers"; keptGo("kept.GoReaders", quick) })
}

// keptKind is the blockers' kind: "" (half readers, half sleepers), "readers" or "sleepers";
// KEPT_BLOCKERS sets it for experiments with kept.Go.
var keptKind = os.Getenv("KEPT_BLOCKERS")

func keptWindow(blockers bool, window time.Duration) float64 {
	procs := runtime.GOMAXPROCS(0)
	readers, sleepers := 2*procs, 2*procs
	switch keptKind {
	case "readers":
		readers, sleepers = 4*procs, 0
	case "sleepers":
		readers, sleepers = 0, 4*procs
	}
	var units int64
	var stop int32
	var wg sync.WaitGroup
	pipes := make([][2]int, readers)
	for i := range pipes {
		var p [2]int
		if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
			panic(err)
		}
		pipes[i] = p
	}
	// Blockers first, as on the Java side.
	if blockers {
		for i := 0; i < readers; i++ {
			wg.Add(1)
			fd := pipes[i][0]
			go func() {
				defer wg.Done()
				var b [16]byte
				for { // EINTR: Go's preemption signal can interrupt the call
					_, _, e := syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), 1)
					if e == 0 {
						break
					}
					if e != syscall.EINTR {
						panic(e)
					}
				}
			}()
		}
		for i := 0; i < sleepers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ts := syscall.Timespec{Nsec: 10_000_000}
				for atomic.LoadInt32(&stop) == 0 {
					if _, _, e := syscall.Syscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), 0, 0); e != 0 && e != syscall.EINTR {
						panic(e)
					}
					runtime.Gosched()
				}
			}()
		}
	}
	for i := 0; i < 2*procs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := uint64(88172645463325252)
			for atomic.LoadInt32(&stop) == 0 {
				x = work(x)
				atomic.AddInt64(&units, 1)
				runtime.Gosched()
			}
			if x == 42 {
				fmt.Print("")
			}
		}()
	}
	u0, t0 := atomic.LoadInt64(&units), time.Now()
	time.Sleep(window)
	rate := float64(atomic.LoadInt64(&units)-u0) / time.Since(t0).Seconds()
	atomic.StoreInt32(&stop, 1)
	one := []byte{1}
	for _, p := range pipes {
		syscall.Write(p[1], one)
	}
	wg.Wait()
	for _, p := range pipes {
		syscall.Close(p[0])
		syscall.Close(p[1])
	}
	return rate
}

func keptGo(name string, quick bool) {
	rounds, window := 7, time.Second
	if quick {
		rounds, window = 3, 500*time.Millisecond
	}
	procs := runtime.GOMAXPROCS(0)
	keptWindow(false, time.Second) // warm-up, as the Java side
	base := make([]float64, rounds+1)
	blocked := make([]float64, rounds)
	for r := 0; r < rounds; r++ {
		base[r] = keptWindow(false, window)
		blocked[r] = keptWindow(true, window)
	}
	base[rounds] = keptWindow(false, window)
	kept := make([]float64, rounds)
	lo, hi, bestBase, bestBlocked := 1e18, 0.0, 0.0, 0.0
	for r := 0; r < rounds; r++ {
		kept[r] = 100 * blocked[r] / ((base[r] + base[r+1]) / 2)
		lo, hi = math.Min(lo, kept[r]), math.Max(hi, kept[r])
		bestBlocked = math.Max(bestBlocked, blocked[r])
	}
	for _, b := range base {
		bestBase = math.Max(bestBase, b)
	}
	emit(name+".baseline", median(base[:rounds]), "units/s", fmt.Sprintf(
		"compute alone: %d goroutines on %d processors; median of %d windows of %d ms (best %.0f)",
		2*procs, procs, rounds, window.Milliseconds(), bestBase))
	emit(name+".Syscall", median(kept), "% kept", fmt.Sprintf(
		"%s; median over %d rounds of window / adjacent baselines (%.1f-%.1f)",
		keptBlockers(procs), rounds, lo, hi))
	emit(name+".Syscall.best", 100*bestBlocked/bestBase, "% kept",
		"best window with blockers / best baseline window (other jobs only take throughput away)")
}

func keptBlockers(procs int) string {
	switch keptKind {
	case "readers":
		return fmt.Sprintf("%d readers (blocked for the whole window)", 4*procs)
	case "sleepers":
		return fmt.Sprintf("%d x 10 ms sleepers", 4*procs)
	}
	return fmt.Sprintf("%d readers + %d x 10 ms sleepers", 2*procs, 2*procs)
}
