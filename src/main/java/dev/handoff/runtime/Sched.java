package dev.handoff.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler's global state, and the contract blocking primitives build on.
 *
 * <h2>The contract for channels, select, sync and timers</h2>
 * Every blocking primitive is built from three calls, exactly as in Go's runtime:
 * <ul>
 *   <li>{@link #getg()}: the calling goroutine, or null on a plain thread (then block the Java way,
 *       or refuse). {@link #isGoroutine()} is the cheap yes/no.</li>
 *   <li>{@link #gopark(Runnable, WaitReason)}: park the calling goroutine. Its {@code unlockf}
 *       (may be null) runs <em>after</em> the goroutine's continuation has yielded, on its M: the
 *       usual pattern is "enqueue myself under the channel lock, then gopark(lock::unlock, ...)",
 *       so a sender that takes the lock and finds the receiver can goready it without any chance of
 *       running it before it has stopped. gopark returns when someone goreadies the goroutine,
 *       possibly on another thread. If the continuation cannot unmount (pinned), unlockf still runs
 *       before anyone can ready the G, and its thread blocks in its place (its P is handed off).</li>
 *   <li>{@link #goready(G)}: make a parked goroutine runnable. From a goroutine it goes to the
 *       current P's {@code runnext} (it runs next, inheriting the time slice: Go's
 *       {@code ready(gp, next=true)}); from a plain thread to the global queue; then an idle P is
 *       woken if there is one. Calling it on a goroutine that is not parked throws (a goroutine that
 *       announced a park and is still yielding is waited for).</li>
 * </ul>
 * A minimal blocking primitive, the way a channel's receive would use it:
 * <pre>{@code
 *   final class OneShot<T> {                      // one value, any number of waiters
 *       private final AtomicBoolean lock = new AtomicBoolean();   // a spin lock: never a ReentrantLock
 *       private final ArrayDeque<G> waiters = new ArrayDeque<>();
 *       private T value; private boolean set;
 *       T get() {
 *           lock();
 *           while (!set) {
 *               waiters.add(Sched.getg());
 *               Sched.gopark(this::unlock, WaitReason.CHAN_RECEIVE);  // unlocked after we stopped
 *               lock();
 *           }
 *           T v = value; unlock(); return v;
 *       }
 *       void set(T v) {
 *           lock(); value = v; set = true;
 *           List<G> wake = new ArrayList<>(waiters); waiters.clear(); unlock();
 *           for (G g : wake) Sched.goready(g);                         // into runnext, runs next
 *       }
 *       private void lock() { while (!lock.compareAndSet(false, true)) Thread.onSpinWait(); }
 *       private void unlock() { lock.set(false); }
 *   }
 * }</pre>
 * Timers plug into each P through {@link TimerSource} (see there for when the scheduler calls it).
 * Wait reasons show in dumps ({@link WaitReason}).
 *
 * <p>Rules that follow from the above (Go's, plus two from the JVM):
 * <ul>
 *   <li>Never goready a goroutine that may not have parked yet: enqueue it under your lock and
 *       release the lock in unlockf, or publish "I am waiting" from unlockf and CAS the wakeup, so
 *       exactly one side readies it. goready on a running goroutine throws.</li>
 *   <li>unlockf runs on the M's own stack with no goroutine current ({@link #getg()} is null): it
 *       must not block or park; it may call {@link #goready} (even for the parking goroutine).</li>
 *   <li>Locks held across gopark must not be owner-checked by thread: use a spin/CAS lock or a
 *       monitor, not {@code ReentrantLock} (its owner is an M, and possibly a stale one, see
 *       {@code Proc.currentM}).</li>
 *   <li>Get the current goroutine from {@link #getg()} each time, never from a
 *       {@code Thread.currentThread()} of your own.</li>
 * </ul>
 *
 * <h2>State</h2>
 * The scheduler's global state (Go's {@code schedt} plus {@code allp}, {@code allgs}, {@code allm}):
 * the lock, the global run queue, the idle P and idle M lists, the spinning count, the G registry and
 * free list, the counters, and the lifecycle (start, shutdown, fatal). One instance per running
 * runtime ({@link #current}).
 *
 * <p>Lock discipline: {@link #lock} guards the global run queue, both idle lists, {@code mcount},
 * {@code allgs} growth and procresize; {@link #gFreeLock} guards the global G free list (taken
 * inside {@code lock} when both are needed, never the other way round). Neither is held across a park or a
 * continuation yield. Counts read without it ({@code npidle}, {@code nmspinning}, the run queue
 * size) are racy hints that callers re-check under the lock, as Go's are.
 */
public final class Sched {
    /** The runtime that {@code Go.go} from a non-goroutine thread uses; null when none is running. */
    static volatile Sched current;

    final Object lock = new Object();
    final GlobalRunQueue runq = new GlobalRunQueue();
    final int maxmcount;

    // Idle Ps (lock).
    P pidle;
    volatile int npidle;
    // Idle Ms (lock).
    M midle;
    int nmidle, nmidlelocked, mcount;
    long mnext;
    final AtomicInteger nmspinning = new AtomicInteger();
    final java.util.List<M> allm = new java.util.ArrayList<>();

    volatile P[] allp = new P[0];
    volatile int gomaxprocs;

    // Every G ever allocated (Go's allgs). Appended under the lock; read without it: the array is
    // published before the length that covers it, so a reader that reads the length first and the
    // array second always sees a long enough array (dumps and fatal errors must not need the lock).
    private volatile G[] allgs = new G[1024];
    private volatile int allglen;
    // Global G free list, under its own lock (Go's sched.gFree.lock): a P spilling or refilling
    // does not wait behind run queue traffic. Its count is also kept in a volatile for lock-free peeks.
    final Object gFreeLock = new Object();
    final GFree gFree = new GFree(GFree.LOCAL_MAX);
    volatile int gFreeCount;

    /** Next goroutine id; Ps take batches of {@link #GOID_BATCH}. */
    final AtomicLong goidgen = new AtomicLong(1);
    static final int GOID_BATCH = 16;

    // Lifecycle.
    volatile boolean shutdown;
    volatile FatalError fatal;
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable mainPanic;
    volatile boolean mainRunning;
    volatile Go.UncaughtExceptionHandler uncaughtHandler;
    final long startNanos = System.nanoTime();

    final Sysmon sysmon;
    final Stats stats = new Stats();

    /**
     * Per trap number: 1 when its last call that was entered with work on the P lasted 20 µs or
     * more (see Syscalls, "Calls that blocked before"). Racy bytes: a stale read costs one wrong guess.
     */
    final byte[] syscallBlocks = new byte[1024];

    /** Set by sysmon while it sleeps long; entersyscall then wakes it (see Sysmon). */
    volatile boolean sysmonSleepingLong;

    Sched(int gomaxprocs, int maxmcount) {
        this.maxmcount = maxmcount;
        synchronized (lock) {
            Procresize.procresize(this, gomaxprocs);
        }
        this.sysmon = new Sysmon(this);
    }

    /** Counters shown by schedtrace and the demo (racy sums, like Go's). */
    static final class Stats {
        final AtomicLong handoffs = new AtomicLong();
        final AtomicLong retakes = new AtomicLong();
        /** Retakes of syscalls entered with work on the P, aged from entersyscall's stamp (part of retakes). */
        final AtomicLong stampedRetakes = new AtomicLong();
        /** Times entersyscall woke sysmon because a syscall left work behind and sysmon slept past its 20 µs. */
        final AtomicLong sysmonWorkWakes = new AtomicLong();
        /** Ps handed off at entersyscall because the same call blocked last time (part of handoffs). */
        final AtomicLong eagerHandoffs = new AtomicLong();
        final AtomicLong slowExits = new AtomicLong();
        final AtomicLong idlePExits = new AtomicLong();
        final AtomicLong pinnedParks = new AtomicLong();
        final AtomicLong blockedTakes = new AtomicLong();
        final AtomicLong preemptRequests = new AtomicLong();
        final AtomicLong preemptYields = new AtomicLong();
    }

    long fastExits() {
        long n = stats.idlePExits.get();
        for (P pp : allp) n += pp.fastExits;
        return n;
    }

    // ---- getg and friends ------------------------------------------------------------------

    /** Go's getg(): the goroutine on this thread, or null when the caller is not a goroutine. */
    public static G getg() {
        M mp = Proc.currentM();
        return mp != null ? mp.curg : null;
    }

    /** True when the calling thread is running a goroutine. Cheap: one uninlinable call (~3 ns), one field load. */
    public static boolean isGoroutine() {
        M mp = Proc.currentM();
        return mp != null && mp.curg != null;
    }

    /** Parks the calling goroutine; see the class comment. Throws IllegalStateException on a plain thread. */
    public static void gopark(Runnable unlockf, WaitReason reason) {
        Proc.gopark(unlockf, reason);
    }

    /** Makes the parked goroutine {@code gp} runnable; see the class comment. */
    public static void goready(G gp) {
        Proc.goready(gp);
    }

    // ---- idle P list (lock held) -------------------------------------------------------------

    /** Lock held. Puts an idle P on the list, or destroys it when it is beyond GOMAXPROCS. */
    void pidleput(P pp) {
        if (pp.destroyRequested) {
            Procresize.destroyp(this, pp);
            return;
        }
        if (!pp.runq.isEmpty()) throw new IllegalStateException("pidleput: P" + pp.id + " has a non-empty run queue");
        pp.link = pidle;
        pidle = pp;
        npidle = npidle + 1;
    }

    /** Lock held. Takes an idle P, or null. */
    P pidleget() {
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle = npidle - 1;
        }
        return pp;
    }

    /** Lock held. Takes this particular P off the idle list; false if it is not there. */
    boolean pidleremove(P pp) {
        for (P prev = null, q = pidle; q != null; prev = q, q = q.link) {
            if (q == pp) {
                if (prev == null) pidle = q.link; else prev.link = q.link;
                q.link = null;
                npidle = npidle - 1;
                return true;
            }
        }
        return false;
    }

    // ---- idle M list (lock held) -------------------------------------------------------------

    void mput(M mp) {
        mp.schedlink = midle;
        midle = mp;
        nmidle++;
    }

    M mget() {
        M mp = midle;
        if (mp != null) {
            midle = mp.schedlink;
            mp.schedlink = null;
            nmidle--;
        }
        return mp;
    }

    boolean mremove(M mp) {
        for (M prev = null, q = midle; q != null; prev = q, q = q.schedlink) {
            if (q == mp) {
                if (prev == null) midle = q.schedlink; else prev.schedlink = q.schedlink;
                q.schedlink = null;
                nmidle--;
                return true;
            }
        }
        return false;
    }

    // ---- G registry and free lists -----------------------------------------------------------

    /** Allocates a fresh G (Go's malg) and registers it in allgs. */
    G malg() {
        G gp = new G();
        GStatus.casgstatus(gp, GStatus._Gidle, GStatus._Gdead);
        synchronized (lock) {
            int n = allglen;
            G[] a = allgs;
            if (n == a.length) allgs = a = java.util.Arrays.copyOf(a, n * 2);
            a[n] = gp;
            allglen = n + 1;
        }
        return gp;
    }

    /** Snapshot of every G ever allocated; takes no lock. */
    G[] allgs() {
        int n = allglen;
        G[] a = allgs;
        return java.util.Arrays.copyOf(a, Math.min(n, a.length));
    }

    int allglen() { return allglen; }

    /** Owner of {@code pp}. Puts a dead G on the P's free list, spilling half to the global list when full. */
    void gfput(P pp, G gp) {
        if (pp == null) {
            synchronized (gFreeLock) {
                gFree.push(gp);
                gFreeCount = gFree.count();
            }
            return;
        }
        pp.gFree.push(gp);
        if (pp.gFree.isFull()) {
            synchronized (gFreeLock) {
                pp.gFree.spillOldest(gFree, GFree.LOCAL_MAX / 2);
                gFreeCount = gFree.count();
            }
        }
    }

    /** Owner of {@code pp} (or any thread when null). Takes a dead G for reuse, or null. */
    G gfget(P pp) {
        if (pp == null) {
            synchronized (gFreeLock) {
                G gp = gFree.pop();
                gFreeCount = gFree.count();
                return gp;
            }
        }
        if (pp.gFree.count() == 0 && gFreeCount > 0) {
            synchronized (gFreeLock) {
                pp.gFree.refill(gFree, GFree.BATCH);
                gFreeCount = gFree.count();
            }
        }
        return pp.gFree.pop();
    }

    /** Racy count of live goroutines (Go's gcount): allocated minus free. */
    int gcount() {
        int n = allglen - gFreeCount;
        for (P pp : allp) n -= pp.gFree.count();
        return Math.max(n, 0);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    void checkAlive() {
        if (shutdown) {
            FatalError f = fatal;
            throw new IllegalStateException("the Handoff runtime has shut down"
                    + (f != null ? " (" + f.getMessage() + ")" : ""));
        }
    }

    /** Stops every M and sysmon (at their next scheduling point; running code is not interrupted). */
    void shutdown() {
        shutdown = true;
        M[] ms;
        synchronized (allm) {
            ms = allm.toArray(new M[0]);
        }
        for (M mp : ms) mp.park.wakeup();
        sysmon.wake();
        if (current == this) current = null;
        done.countDown();
    }
}
