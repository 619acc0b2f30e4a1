// Workloads pingpong, mpmc and mutex (issue 5), Go anchors: goroutines on channels and sync.Mutex,
// at the default GOMAXPROCS, as the Handoff rows run theirs.
package main

import (
	"runtime"
	"sync"
)

func init() {
	// One round trip: main sends on ping, the partner receives and sends back on pong.
	register("pingpong.Go.unbuffered", func(iters int) uintptr {
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
		}()
		var acc uintptr
		for i := 0; i < iters; i++ {
			ping <- i
			acc += uintptr(<-pong)
		}
		close(ping)
		return acc
	})
	// One element through a channel with a buffer of 128, 4 producers and 4 consumers.
	register("mpmc.Go.buffered128", func(iters int) uintptr {
		c := make(chan int, 128)
		var wg sync.WaitGroup
		var sums [4]uintptr
		wg.Add(4)
		for p := 0; p < 4; p++ {
			go func(p int) {
				for i := p; i < iters; i += 4 {
					c <- i
				}
				wg.Done()
			}(p)
		}
		var cg sync.WaitGroup
		cg.Add(4)
		for k := 0; k < 4; k++ {
			go func(k int) {
				for v := range c {
					sums[k] += uintptr(v)
				}
				cg.Done()
			}(k)
		}
		wg.Wait()
		close(c)
		cg.Wait()
		return sums[0] + sums[1] + sums[2] + sums[3]
	})
	// One Lock/Unlock pair (with a counter increment inside) by 4 goroutines on one sync.Mutex.
	register("mutex.Go.lockUnlock4", func(iters int) uintptr {
		var mu sync.Mutex
		var wg sync.WaitGroup
		counter := 0
		wg.Add(4)
		for g := 0; g < 4; g++ {
			go func() {
				for i := 0; i < iters/4; i++ {
					mu.Lock()
					counter++
					mu.Unlock()
				}
				wg.Done()
			}()
		}
		wg.Wait()
		runtime.KeepAlive(&mu)
		return uintptr(counter)
	})
}
