// Sleep wake-up lateness, Go 1.19 anchor for docs/benchmarks.md (issue 5):
//
//	/usr/lib/go-1.19/bin/go run bench/extra/sleeplateness.go [goroutines] [rounds]
//
// Each of N goroutines sleeps 10 ms `rounds` times; lateness = measured sleep - 10 ms. Prints
// p50/p99/max in microseconds, the same line as dev.handoff.bench.sleep.SleepLateness.
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"sync"
	"time"
)

func main() {
	n, rounds := 100, 20
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) > 2 {
		rounds, _ = strconv.Atoi(os.Args[2])
	}
	late := make([]float64, 0, n*rounds)
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(n)
	for g := 0; g < n; g++ {
		go func() {
			mine := make([]float64, 0, rounds)
			for r := 0; r < rounds; r++ {
				t0 := time.Now()
				time.Sleep(10 * time.Millisecond)
				mine = append(mine, float64(time.Since(t0)-10*time.Millisecond)/1e3)
			}
			mu.Lock()
			late = append(late, mine...)
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	sort.Float64s(late)
	fmt.Printf("sleep10ms.Go lateness_us p50=%.0f p99=%.0f max=%.0f samples=%d\n",
		late[len(late)/2], late[len(late)*99/100], late[len(late)-1], len(late))
}
