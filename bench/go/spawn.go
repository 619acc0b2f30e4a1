// Workload spawn, Go anchors: `go f()` for every goroutine, each calling wg.Done(); the spawner
// (the benchmark loop, itself a goroutine) waits in wg.Wait. spawnBatched joins every 1000.
// ns/op is per goroutine; bench/run passes 1,000,000 iterations for this workload.
package main

import "sync"

func init() {
	register("spawn.Go.spawn", func(iters int) uintptr {
		var wg sync.WaitGroup
		wg.Add(iters)
		for i := 0; i < iters; i++ {
			go func() { wg.Done() }()
		}
		wg.Wait()
		return uintptr(iters)
	})
	register("spawn.Go.spawnBatched", func(iters int) uintptr {
		var wg sync.WaitGroup
		for done := 0; done < iters; done += 1000 {
			n := 1000
			if iters-done < n {
				n = iters - done
			}
			wg.Add(n)
			for i := 0; i < n; i++ {
				go func() { wg.Done() }()
			}
			wg.Wait()
		}
		return uintptr(iters)
	})
}
