// A path that still waits for sysmon, for docs/benchmarks.md ("Handoff latency: what the tail is"):
// with GOMAXPROCS=1, goroutine R blocks in read() on an empty pipe, entered with an empty run queue
// (so not stamped and not handed off at entry); goroutine W waits on a channel; a platform thread
// sends on it (t0) and W reads the clock when it runs (t1). W goes to the global queue, no P is
// idle, so it waits for sysmon to retake R's P (two looks, 20 µs apart, plus its timer). Each round
// then writes one byte to the pipe, so that R returns and blocks again with its P.
//
//   ./handoff build
//   J="java --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
//   $J -cp target/handoff.jar bench/extra/ReadyHole.java
//
// Prints p50/p90/p99/max of t1 - t0 in microseconds over 300 rounds (after 50), and sysmon's retakes.
import static dev.handoff.syscall.SysNum.SYS_PIPE2;
import static dev.handoff.syscall.SysNum.SYS_READ;
import static dev.handoff.syscall.SysNum.SYS_WRITE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Go;
import dev.handoff.syscall.Syscall;

public class ReadyHole {
    static volatile long t1;

    public static void main(String[] args) throws Exception {
        int n = 300;
        long[] lat = new long[n];
        Chan<Long> ch = Chan.make();
        Chan<Long> done = Chan.make(1);
        MemorySegment fds = Arena.global().allocate(8);
        if (Syscall.rawSyscall(SYS_PIPE2, fds.address(), 0, 0) != 0) throw new IllegalStateException("pipe2");
        int rfd = fds.get(ValueLayout.JAVA_INT, 0), wfd = fds.get(ValueLayout.JAVA_INT, 4);
        MemorySegment buf = Arena.global().allocate(8);
        Thread runtime = new Thread(() -> Go.main(() -> {
            Go.gomaxprocs(1);
            Go.go(() -> {
                for (;;) {
                    ch.recv();
                    t1 = System.nanoTime();
                    done.send(0L);
                }
            });
            for (;;) Syscall.syscall(SYS_READ, rfd, buf.address(), 1);
        }));
        runtime.setDaemon(true);
        runtime.start();
        for (int i = -50; i < n; i++) { // 50 rounds of warm-up, not counted
            Thread.sleep(5); // the workload's pacing: R re-enters its read meanwhile
            long t0 = System.nanoTime();
            ch.send(0L);
            done.recv();
            if (i >= 0) lat[i] = t1 - t0;
            Syscall.rawSyscall(SYS_WRITE, wfd, buf.address(), 1);
        }
        Arrays.sort(lat);
        System.out.printf("platform thread's send -> goroutine runs, the only P lent to a blocked read:"
                + " p50 %.1f p90 %.1f p99 %.1f max %.1f us; retakes=%d%n",
                lat[n / 2] / 1e3, lat[n * 9 / 10] / 1e3, lat[n * 99 / 100] / 1e3, lat[n - 1] / 1e3, Go.stats().retakes());
        System.exit(0);
    }
}
