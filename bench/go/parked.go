// Workload parked, Go 1.19 (issue 5): memory kept alive per parked goroutine, with a million
// goroutines (quick: 100,000) blocked receiving on one unbuffered channel. The same method as
// bench/src/main/java/dev/handoff/bench/parked/ParkedProgram.java: runtime.MemStats after
// runtime.GC() once before the goroutines exist (after a warm-up) and once with all of them parked (each calls Done on
// a WaitGroup just before its receive; the stats are then read until two reads agree within 0.1 %).
// A goroutine's stack is not heap in Go (it is in StackInuse), a parked Java task's is (its stack
// chunk), so the value is the delta of HeapAlloc + StackInuse: the g, its stack, its sudog and its
// allgs slot. The note adds the delta of Sys (all memory obtained from the OS).
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func init() {
	registerProgram("parked.Go", parkedGo)
}

func parkedMem() (live, sys uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc + ms.StackInuse, ms.Sys
}

func parkedGo(quick bool) {
	n := 1000000
	if quick {
		n = 100000
	}
	// Warm-up, as on the Java side: 20,000 goroutines park the same way and are released, so the
	// runtime's threads and caches exist before the baseline.
	w := make(chan int)
	var finished sync.WaitGroup
	finished.Add(20000)
	for i := 0; i < 20000; i++ {
		go func() {
			<-w
			finished.Done()
		}()
	}
	close(w)
	finished.Wait()
	live0, sys0 := parkedMem()
	c := make(chan int)
	var entered sync.WaitGroup
	entered.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			entered.Done()
			<-c
		}()
	}
	entered.Wait()
	live1, sys1 := parkedMem()
	for k := 0; k < 10; k++ {
		a := live1
		live1, sys1 = parkedMem()
		if d := int64(live1) - int64(a); d < int64(a)/1000 && -d < int64(a)/1000 {
			break
		}
	}
	per := float64(live1-live0) / float64(n)
	emit("parked.Go.chanRecv", per, "B per parked task", fmt.Sprintf("goroutines blocked in <-c (one unbuffered channel);"+
		" GOMAXPROCS=%d, NumGoroutine=%d; %d tasks; HeapAlloc+StackInuse after runtime.GC() with all parked minus before:"+
		" %.1f MB (%.2f KiB per task); Sys grew %.1f MB (%.0f B per task)", runtime.GOMAXPROCS(0), runtime.NumGoroutine(), n,
		float64(live1-live0)/1e6, per/1024, float64(sys1-sys0)/1e6, float64(sys1-sys0)/float64(n)))
	runtime.KeepAlive(c)
}
