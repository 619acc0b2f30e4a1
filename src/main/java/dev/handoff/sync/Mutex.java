package dev.handoff.sync;

import dev.handoff.runtime.Sema;
import dev.handoff.runtime.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.Mutex}: a mutual exclusion lock, not reentrant, not owned (any goroutine or thread may
 * unlock it, as in Go). In a goroutine a waiting {@code lock} parks the goroutine, never the M; in a
 * platform or virtual thread it blocks the thread.
 *
 * <h2>Two modes (Go's design)</h2>
 * <b>Normal</b>: waiters queue FIFO, but a woken waiter competes with newly arriving lockers, which
 * have the advantage of already running — good throughput, possible long waits. A waiter that has
 * waited more than {@link #STARVATION_THRESHOLD_NS} (1 ms) switches the mutex to <b>starving</b>:
 * unlock hands ownership straight to the waiter at the head ({@link Sema#release} with handoff), new
 * arrivals do not try to grab it or spin but queue at the tail. The mutex goes back to normal when the
 * waiter that got it was the last, or had waited less than 1 ms.
 *
 * <h2>State word (one int, CAS)</h2>
 * <pre>
 *   bit 0  LOCKED     held
 *   bit 1  WOKEN      a waiter has been woken (or a spinner will take it): unlock need not wake another
 *   bit 2  STARVING   starvation mode
 *   bits 3.. waiters  parties blocked (or about to block) in the semaphore
 * </pre>
 *
 * <p>Misuse: unlocking an unlocked mutex is a fatal error in Go ("sync: unlock of unlocked mutex");
 * here it restores the state word and throws {@link IllegalMonitorStateException}.
 */
public final class Mutex implements Locker {
    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    static final int LOCKED = 1, WOKEN = 2, STARVING = 4, WAITER_SHIFT = 3;
    static final long STARVATION_THRESHOLD_NS = 1_000_000;
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;
    private static final int ACTIVE_SPIN = 4, ACTIVE_SPIN_CNT = 30;
    static final WaitReason WAIT_REASON = WaitReason.SYNC_MUTEX_LOCK;

    @SuppressWarnings("unused") private volatile int state;
    private final Sema sema = new Sema(0);

    @Override
    public void lock() {
        if (STATE.compareAndSet(this, 0, LOCKED)) return;
        lockSlow();
    }

    /** Go 1.18's TryLock: takes the mutex only if that needs no waiting. */
    public boolean tryLock() {
        int old = (int) STATE.getVolatile(this);
        if ((old & (LOCKED | STARVING)) != 0) return false;
        return STATE.compareAndSet(this, old, old | LOCKED);
    }

    private void lockSlow() {
        long waitStart = 0;
        boolean starving = false, awoke = false;
        int iter = 0;
        int old = (int) STATE.getVolatile(this);
        for (;;) {
            // Spin only in normal mode while it is held: in starvation mode ownership is handed off.
            if ((old & (LOCKED | STARVING)) == LOCKED && canSpin(iter)) {
                // Tell unlock not to wake anyone: we are about to take it.
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | WOKEN)) {
                    awoke = true;
                }
                for (int i = 0; i < ACTIVE_SPIN_CNT; i++) Thread.onSpinWait();
                iter++;
                old = (int) STATE.getVolatile(this);
                continue;
            }
            int next = old;
            if ((old & STARVING) == 0) next |= LOCKED; // never grab a starving mutex: queue instead
            if ((old & (LOCKED | STARVING)) != 0) next += 1 << WAITER_SHIFT;
            if (starving && (old & LOCKED) != 0) next |= STARVING;
            if (awoke) {
                if ((next & WOKEN) == 0) throw new IllegalStateException("sync: inconsistent mutex state " + next);
                next &= ~WOKEN;
            }
            if (!STATE.compareAndSet(this, old, next)) {
                old = (int) STATE.getVolatile(this);
                continue;
            }
            if ((old & (LOCKED | STARVING)) == 0) return; // took it
            boolean queueLifo = waitStart != 0; // waited before: back to the front
            if (waitStart == 0) waitStart = System.nanoTime();
            sema.acquire(queueLifo, WAIT_REASON);
            starving = starving || System.nanoTime() - waitStart > STARVATION_THRESHOLD_NS;
            old = (int) STATE.getVolatile(this);
            if ((old & STARVING) != 0) {
                // Handed off to us: the state still counts us as a waiter and shows it unlocked.
                if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
                    throw new IllegalStateException("sync: inconsistent mutex state " + old);
                }
                int delta = LOCKED - (1 << WAITER_SHIFT);
                if (!starving || (old >>> WAITER_SHIFT) == 1) delta -= STARVING; // leave starvation mode
                STATE.getAndAdd(this, delta);
                return;
            }
            awoke = true;
            iter = 0;
        }
    }

    private static boolean canSpin(int iter) {
        return MULTICORE && iter < ACTIVE_SPIN && Sema.canSpin(iter);
    }

    @Override
    public void unlock() {
        int next = (int) STATE.getAndAdd(this, -LOCKED) - LOCKED;
        if (next != 0) unlockSlow(next);
    }

    private void unlockSlow(int next) {
        if (((next + LOCKED) & LOCKED) == 0) {
            STATE.getAndAdd(this, LOCKED); // undo, so the mutex is not left corrupted
            throw new IllegalMonitorStateException("sync: unlock of unlocked mutex");
        }
        if ((next & STARVING) != 0) {
            sema.release(true); // hand ownership straight to the first waiter
            return;
        }
        int old = next;
        for (;;) {
            // Nobody to wake, or someone already holds, was woken, or the mode changed: done.
            if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) return;
            int n = (old - (1 << WAITER_SHIFT)) | WOKEN;
            if (STATE.compareAndSet(this, old, n)) {
                sema.release(false);
                return;
            }
            old = (int) STATE.getVolatile(this);
        }
    }

    /** For tests and dumps: the raw state word. */
    int state() {
        return (int) STATE.getVolatile(this);
    }

    @Override
    public String toString() {
        int s = state();
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked") + ((s & STARVING) != 0 ? ",starving" : "")
                + ",waiters=" + (s >>> WAITER_SHIFT) + "]";
    }
}
