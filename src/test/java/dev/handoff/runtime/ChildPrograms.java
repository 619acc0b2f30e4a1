package dev.handoff.runtime;

import static dev.handoff.runtime.Go.*;

/**
 * Programs that die, run in a child JVM by {@link ChildJvmTest} (Go's testdata/testprog): the
 * test reads their output and exit status.
 */
public final class ChildPrograms {
    private ChildPrograms() {}

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "deadlock" -> deadlock();
                case "threads" -> threadExhaustion();
                case "panic" -> backgroundPanic();
                case "noflag" -> Go.main(() -> {});
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (FatalError e) {
            System.err.println("child: Go.main threw FatalError: " + e.getMessage());
            System.exit(2);
        }
        System.out.println("child: returned normally");
    }

    /** Two goroutines wait for each other, main waits for both. */
    static void deadlock() {
        Go.main(() -> {
            Latch a = new Latch(1), b = new Latch(1), done = new Latch(2);
            go(() -> {
                a.await();
                b.countDown();
                done.countDown();
            });
            go(() -> {
                b.await();
                a.countDown();
                done.countDown();
            });
            done.await();
        });
    }

    /** Every goroutine blocks in Go.blocking: each one costs a thread, past -Dhandoff.maxthreads. */
    static void threadExhaustion() {
        Go.main(() -> {
            gomaxprocs(2);
            Latch never = new Latch(1);
            for (int i = 0; i < 64; i++) {
                go(() -> {
                    try {
                        Go.blocking(() -> {
                            Thread.sleep(60_000);
                            return null;
                        });
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            try {
                Go.blocking(() -> {
                    Thread.sleep(60_000);
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            never.await();
        });
    }

    /** A background runtime (no Go.main): an uncaught exception ends the process with status 2, as in Go. */
    static void backgroundPanic() throws InterruptedException {
        Go.start();
        go(() -> { throw new IllegalStateException("boom in a goroutine"); });
        Thread.sleep(60_000); // the runtime exits the JVM long before
    }
}
