// Workload sleep, Go 1.19 (issue 5): how late a goroutine wakes from time.Sleep(10 ms). The same
// design as bench/src/main/java/dev/handoff/bench/sleep/SleepProgram.java: 100 goroutines start
// together and each sleeps 10 ms in a loop, 100 times (quick: 20) after 10 (quick: 5) uncounted
// sleeps; lateness = the measured sleep (time.Now, monotonic) minus 10 ms; p50/p90/p99/max in µs.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

func init() {
	registerProgram("sleep.Go", sleepGo)
}

func sleepGo(quick bool) {
	const tasks, sleep = 100, 10 * time.Millisecond
	rounds, warmup := 100, 10
	if quick {
		rounds, warmup = 20, 5
	}
	late := make([]int64, tasks*rounds)
	var wg sync.WaitGroup
	wg.Add(tasks)
	for t := 0; t < tasks; t++ {
		mine := late[t*rounds : (t+1)*rounds]
		go func() {
			defer wg.Done()
			for r := 0; r < warmup+rounds; r++ {
				t0 := time.Now()
				time.Sleep(sleep)
				if d := time.Since(t0) - sleep; r >= warmup {
					mine[r-warmup] = int64(d)
				}
			}
		}()
	}
	wg.Wait()
	note := fmt.Sprintf("goroutines, time.Sleep; GOMAXPROCS=%d; %d tasks x %d sleeps of 10 ms after %d warm-up sleeps each;"+
		" lateness = measured sleep - 10 ms", runtime.GOMAXPROCS(0), tasks, rounds, warmup)
	emitPercentiles("sleep.Go", late, note)
}
