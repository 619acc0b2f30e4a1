// Workload getpid, Go anchors: syscall.RawSyscall (no scheduler involvement) and syscall.Syscall
// (entersyscall/exitsyscall around the call, so the P can be handed off when the call blocks).
package main

import "syscall"

func init() {
	register("getpid.Go.RawSyscall", func(iters int) uintptr {
		var acc uintptr
		for i := 0; i < iters; i++ {
			r, _, _ := syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
			acc += r
		}
		return acc
	})
	register("getpid.Go.Syscall", func(iters int) uintptr {
		var acc uintptr
		for i := 0; i < iters; i++ {
			r, _, _ := syscall.Syscall(syscall.SYS_GETPID, 0, 0, 0)
			acc += r
		}
		return acc
	})
}
