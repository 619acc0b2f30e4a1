package dev.handoff.sync;

import dev.handoff.runtime.Sema;
import dev.handoff.runtime.WaitReason;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Go's {@code sync.RWMutex}: many readers or one writer. A writer that calls {@link #lock} blocks new
 * readers (so writers are not starved), then waits for the readers already inside to leave.
 *
 * <p>Go's design: {@code readerCount} counts readers inside; a writer subtracts {@link #MAX_READERS}
 * from it, which both tells arriving readers "a writer is pending" (the count goes negative) and
 * tells the writer how many readers it must wait for ({@code readerWait}). The last of those readers
 * releases {@code writerSem}; {@link #unlock} adds MAX_READERS back and releases every reader that
 * queued meanwhile on {@code readerSem}. Writers exclude each other with a {@link Mutex}.
 *
 * <p>Misuse (Go: fatal errors): RUnlock or Unlock of an unlocked RWMutex throws
 * {@link IllegalMonitorStateException}.
 */
public final class RWMutex implements Locker {
    static final int MAX_READERS = 1 << 30;

    private final Mutex w = new Mutex();
    private final Sema writerSem = new Sema(0), readerSem = new Sema(0);
    private final AtomicInteger readerCount = new AtomicInteger(), readerWait = new AtomicInteger();

    public void rlock() {
        if (readerCount.incrementAndGet() < 0) readerSem.acquire(false, WaitReason.SYNC_RWMUTEX_RLOCK); // a writer is pending
    }

    public boolean tryRLock() {
        for (;;) {
            int c = readerCount.get();
            if (c < 0) return false;
            if (readerCount.compareAndSet(c, c + 1)) return true;
        }
    }

    public void runlock() {
        int r = readerCount.decrementAndGet();
        if (r < 0) runlockSlow(r);
    }

    private void runlockSlow(int r) {
        if (r + 1 == 0 || r + 1 == -MAX_READERS) {
            readerCount.incrementAndGet();
            throw new IllegalMonitorStateException("sync: RUnlock of unlocked RWMutex");
        }
        if (readerWait.decrementAndGet() == 0) writerSem.release(false); // the last reader lets the writer in
    }

    @Override
    public void lock() {
        w.lock();
        int r = readerCount.getAndAdd(-MAX_READERS);
        if (r != 0 && readerWait.addAndGet(r) != 0) writerSem.acquire(false, WaitReason.SYNC_RWMUTEX_LOCK);
    }

    public boolean tryLock() {
        if (!w.tryLock()) return false;
        if (!readerCount.compareAndSet(0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    @Override
    public void unlock() {
        int r = readerCount.addAndGet(MAX_READERS);
        if (r >= MAX_READERS) {
            readerCount.addAndGet(-MAX_READERS);
            throw new IllegalMonitorStateException("sync: Unlock of unlocked RWMutex");
        }
        for (int i = 0; i < r; i++) readerSem.release(false);
        w.unlock();
    }

    /** For tests: would a reader get in now? (takes and at once releases a read lock if so) */
    boolean tryRLockThenUndo() {
        if (!tryRLock()) return false;
        runlock();
        return true;
    }

    /** A Locker whose lock/unlock are rlock/runlock (Go's RLocker). */
    public Locker rlocker() {
        return new Locker() {
            @Override
            public void lock() {
                rlock();
            }

            @Override
            public void unlock() {
                runlock();
            }
        };
    }
}
