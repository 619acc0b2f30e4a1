package dev.handoff.sync.semaphore;

import dev.handoff.context.Context;
import dev.handoff.runtime.Chan;
import dev.handoff.runtime.Select;
import dev.handoff.sync.Mutex;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A weighted semaphore (Go's {@code golang.org/x/sync/semaphore.Weighted}): a budget of {@code size}
 * units; {@link #acquire} takes {@code n} of them, waiting if needed; {@link #release} gives them back.
 *
 * <p>Waiters are served strictly FIFO: a large request at the head is not overtaken by small ones
 * behind it (no starvation of big requests), as in x/sync. Each waiter waits on its own
 * {@link Chan} that the releaser closes, so a wait can be combined with a context's done channel in
 * a {@link Select}.
 *
 * <p>Bad input: {@code n < 0} → IllegalArgumentException; releasing more than held → IllegalStateException
 * (Go panics "semaphore: released more than held"); a request larger than {@code size} can never be
 * met — with a context it waits for the context like x/sync, without one it throws rather than hang.
 */
public final class Weighted {
    private record Waiter(long n, Chan<Object> ready) {}

    private final long size;
    private long cur;
    private final Mutex mu = new Mutex();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    public Weighted(long size) {
        if (size < 0) throw new IllegalArgumentException("semaphore: negative size " + size);
        this.size = size;
    }

    /** Takes {@code n} units, waiting as long as it takes. */
    public void acquire(long n) {
        checkN(n);
        if (n > size) throw new IllegalArgumentException("semaphore: acquire of " + n + " can never succeed (size " + size + ")");
        Waiter w = enqueueOrTake(n);
        if (w != null) w.ready.recv(); // closed by a releaser once the units are ours
    }

    /**
     * Takes {@code n} units, or gives up when {@code ctx} is done and throws its error (Go returns it),
     * leaving the semaphore unchanged.
     */
    public void acquire(Context ctx, long n) {
        Objects.requireNonNull(ctx, "ctx");
        checkN(n);
        if (ctx.err() != null) throw ctx.err(); // x/sync: a done context fails fast even if units are free
        Waiter w = enqueueOrTake(n);
        if (w == null) return;
        Select s = new Select();
        int ready = s.recv(w.ready);
        s.recv(ctx.done());
        if (s.select() == ready) return;
        mu.lock();
        try {
            if (w.ready.isClosed()) {
                // Granted just as the context ended: give the units back and report the context's
                // error, so the caller sees one consistent outcome (current x/sync does the same).
                cur -= n;
                notifyWaiters();
                throw ctx.err();
            }
            boolean front = waiters.peekFirst() == w;
            waiters.remove(w);
            if (front && size > cur) notifyWaiters(); // we were blocking the ones behind us
        } finally {
            mu.unlock();
        }
        throw ctx.err();
    }

    /** Takes {@code n} units only if that needs no waiting. */
    public boolean tryAcquire(long n) {
        checkN(n);
        mu.lock();
        try {
            if (size - cur >= n && waiters.isEmpty()) {
                cur += n;
                return true;
            }
            return false;
        } finally {
            mu.unlock();
        }
    }

    public void release(long n) {
        checkN(n);
        mu.lock();
        try {
            if (cur - n < 0) throw new IllegalStateException("semaphore: released more than held");
            cur -= n;
            notifyWaiters();
        } finally {
            mu.unlock();
        }
    }

    private Waiter enqueueOrTake(long n) {
        mu.lock();
        try {
            if (size - cur >= n && waiters.isEmpty()) {
                cur += n;
                return null;
            }
            Waiter w = new Waiter(n, Chan.make());
            waiters.addLast(w);
            return w;
        } finally {
            mu.unlock();
        }
    }

    /** With mu held: grants units to waiters at the head, in order, while they fit. */
    private void notifyWaiters() {
        for (Waiter w; (w = waiters.peekFirst()) != null; ) {
            if (size - cur < w.n) break; // FIFO: no overtaking the head
            cur += w.n;
            waiters.pollFirst();
            w.ready.close();
        }
    }

    private static void checkN(long n) {
        if (n < 0) throw new IllegalArgumentException("semaphore: negative weight " + n);
    }

    /** For tests: units held. */
    long held() {
        mu.lock();
        try {
            return cur;
        } finally {
            mu.unlock();
        }
    }

    int queued() {
        mu.lock();
        try {
            return waiters.size();
        } finally {
            mu.unlock();
        }
    }
}
