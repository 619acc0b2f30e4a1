package dev.handoff.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A goroutine (Go's {@code g}): a {@link Continuation} on the runtime's one
 * {@link #SCOPE ContinuationScope}, plus the scheduler's bookkeeping.
 *
 * <p>G objects are reused (Go's gfree lists): a finished G goes back to its P's free list with its
 * continuation dropped (a finished continuation cannot be run again), so running a goroutine costs
 * a new continuation (48 bytes, made at its first run, see {@code Schedule.execute}) but no new G
 * once the program is warm, and {@code allgs} only grows.
 *
 * <p>This is also the handle {@code Go.go} returns and the type issue-5 primitives keep in their
 * wait queues: {@link #id()} and {@link #current()} are public, the rest is the runtime's.
 */
public final class G {
    /** The one scope every goroutine's continuation runs in. */
    static final ContinuationScope SCOPE = new ContinuationScope("handoff-goroutine");

    private static final VarHandle STATUS, PARKING, NEXTG, NEXTG_PUTS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(G.class, "status", int.class);
            PARKING = MethodHandles.lookup().findVarHandle(G.class, "parking", boolean.class);
            NEXTG = MethodHandles.lookup().findVarHandle(G.class, "nextg", G.class);
            NEXTG_PUTS = MethodHandles.lookup().findVarHandle(G.class, "nextgPuts", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Goroutine id; reassigned each time the G is reused (Go does the same). */
    long goid;
    /** Status word; see {@link GStatus}. Written only through CAS or setRelease, read with getAcquire. */
    @SuppressWarnings("unused") private volatile int status;
    /** The body; null once the goroutine has finished. */
    Runnable fn;
    /**
     * Its continuation once it has yielded (parked, gosched); null before its first yield (a
     * running G's continuation is held by {@code Schedule.execute}, which makes it at the first
     * run) and when dead.
     */
    GCont cont;
    /** The M running it (null when not running). */
    M m;
    /** Why it is waiting (set by gopark), null otherwise. */
    WaitReason waitreason;
    /** The M this G is locked to: LockOSThread, or temporarily while pinned in a park. */
    M lockedm;
    /** LockOSThread nesting count (Go's lockedExt). */
    int lockedExt;
    /** True while the lock to {@link #lockedm} exists only because the G is pinned. */
    boolean pinLocked;
    /** Sysmon asked this G to yield at its next runtime call (cooperative preemption). */
    volatile boolean preempt;
    /** True inside {@code Go.blocking}: nested syscalls neither enter nor exit. */
    boolean inBlocking;
    /**
     * The JFR syscall event between entersyscall and exitsyscall, or null (always null while no
     * recording enables it). Typed Object so that loading G never loads a JFR event class. Owned
     * by the G's own thread.
     */
    Object syscallEvent;
    /**
     * Set just before the G yields to park; goready waits while it is set and the status still
     * running. Written with release stores ({@link #setParking}): no reader needs a StoreLoad
     * fence after it (the status CAS that ends the park is one), and a volatile store cost a
     * {@code lock addl} twice per park.
     */
    @SuppressWarnings("unused") private volatile boolean parking;
    /** Why the last yield was refused (continuation pinned), or null. */
    Continuation.Pinned pinned;
    /**
     * Its party for channels, select, sync and timers (Go keeps these fields in the g itself):
     * created on the first block and kept when the G is reused, like the G's other fields, so a
     * warm spawn-and-block allocates neither it nor its Sudogs. A field, not a GoroutineLocal:
     * one array slot and one lookup fewer per parked goroutine.
     */
    GWaiter waiter;
    /** The goroutine this one readied last, run by its M right after it parks: see {@link NextG}. */
    @SuppressWarnings("unused") private G nextg;
    /** Puts into {@link #nextg} so far (this G writes, opaque; thieves compare it across the grace). */
    @SuppressWarnings("unused") private int nextgPuts;
    /** Goroutine-local values ({@link GoroutineLocal}), lazily allocated. */
    Object[] locals;
    /** The goroutine that created this one (for the dump's "created by"). */
    long parentGoid;

    G() {}

    /** This goroutine's id, as Go's traceback prints it. */
    public long id() { return goid; }

    /**
     * The goroutine running on the calling thread, or null when the caller is not a goroutine (Go's
     * {@code getg()}, restricted to user goroutines).
     */
    public static G current() {
        M mp = Proc.currentM();
        return mp != null ? mp.curg : null;
    }

    int status() { return (int) STATUS.getAcquire(this); }

    boolean parking() { return (boolean) PARKING.getAcquire(this); }

    void setParking(boolean v) { PARKING.setRelease(this, v); }

    G nextg() { return (G) NEXTG.getAcquire(this); }

    /** The one put (NextG.put): an atomic exchange, a full fence before G1 reads its own status. */
    G swapNextg(G gp) { return (G) NEXTG.getAndSet(this, gp); }

    /** Takes (NextG.take): exclusive by the NextG invariants, so a release store is enough. */
    void setNextg(G gp) { NEXTG.setRelease(this, gp); }

    int nextgPuts() { return (int) NEXTG_PUTS.getOpaque(this); }

    void incNextgPuts() { NEXTG_PUTS.setOpaque(this, (int) NEXTG_PUTS.getOpaque(this) + 1); }

    boolean casStatus(int from, int to) { return STATUS.compareAndSet(this, from, to); }

    /** Release store, used only where the caller already holds the status (scan bit or owner). */
    void setStatusRelease(int to) { STATUS.setRelease(this, to); }

    @Override
    public String toString() {
        return "goroutine " + goid + " [" + GStatus.name(status()) + (waitreason != null ? ", " + waitreason : "") + "]";
    }

    /**
     * The target of every goroutine's continuation: one shared instance, which finds its G through
     * the M ({@code Schedule.execute} sets {@code curg} before it first runs a continuation), so a G
     * carries no lambda of its own (16 bytes per goroutine) and spawning allocates none.
     */
    private static final Runnable BODY = () -> Proc.goroutineBody(Proc.currentM().curg);

    /** The continuation subclass: a refused yield is recorded, not thrown (onPinned). */
    static final class GCont extends Continuation {
        final G gp;

        GCont(G gp) {
            super(SCOPE, BODY);
            this.gp = gp;
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            gp.pinned = reason;
        }
    }
}
