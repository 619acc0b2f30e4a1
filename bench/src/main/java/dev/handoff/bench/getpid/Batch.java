package dev.handoff.bench.getpid;

import dev.handoff.syscall.SysNum;
import dev.handoff.syscall.Syscall;

/**
 * The getpid loops of the batched rows ({@link Handoff}'s virtual-thread rows, {@link HandoffGoroutine}):
 * each runs {@value #SIZE} calls inside one virtual thread or goroutine and hands back their sum.
 */
final class Batch {
    private Batch() {}

    static final int SIZE = 10_000;
    private static final long SYS_GETPID = SysNum.SYS_GETPID;

    static long raw() {
        long acc = 0;
        for (int i = 0; i < SIZE; i++) acc += Syscall.rawSyscall(SYS_GETPID, 0, 0, 0);
        return acc;
    }

    static long syscall() {
        long acc = 0;
        for (int i = 0; i < SIZE; i++) acc += Syscall.syscall(SYS_GETPID, 0, 0, 0);
        return acc;
    }
}
