package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-shot sleep/wakeup between threads (Go's {@code note}): how idle Ms park and how sysmon
 * sleeps. One thread sleeps on it; any thread wakes it; {@link #clear} re-arms it. Built on
 * {@link LockSupport#park} (a futex on Linux): no busy-wait, no polling, and a wakeup that comes
 * before the sleep is never lost (the key is set first, then the sleeper is unparked).
 */
final class Note {
    private static final VarHandle KEY;

    static {
        try {
            KEY = MethodHandles.lookup().findVarHandle(Note.class, "key", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") private volatile int key;
    private volatile Thread sleeper;

    /** Wakes the sleeper (now or when it next sleeps). Idempotent until cleared. */
    void wakeup() {
        if ((int) KEY.getAndSet(this, 1) == 0) {
            Thread t = sleeper;
            if (t != null) LockSupport.unpark(t);
        }
    }

    /** Sleeps until woken. The calling thread must be the only sleeper. */
    void sleep() {
        sleeper = Thread.currentThread();
        while ((int) KEY.getAcquire(this) == 0) LockSupport.park(this);
        sleeper = null;
    }

    /** Sleeps until woken or {@code nanos} have passed; true when woken. */
    boolean sleep(long nanos) {
        sleeper = Thread.currentThread();
        long deadline = System.nanoTime() + nanos;
        try {
            for (;;) {
                if ((int) KEY.getAcquire(this) != 0) return true;
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                LockSupport.parkNanos(this, left);
            }
        } finally {
            sleeper = null;
        }
    }

    boolean isSet() { return (int) KEY.getAcquire(this) != 0; }

    void clear() { KEY.setRelease(this, 0); }
}
