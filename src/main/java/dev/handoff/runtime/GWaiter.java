package dev.handoff.runtime;

/**
 * The {@link Waiter} of a goroutine: parks with {@link Sched#gopark} (the G becomes _Gwaiting with the
 * wait reason the dump and the deadlock detector show; its M goes on to run other goroutines) and is
 * readied with {@link Sched#goready} (into the waker's P runnext when the waker is a goroutine, Go's
 * ready(gp, next=true)). One per goroutine, created on its first block and kept in a
 * {@link GoroutineLocal}, so it dies with the goroutine.
 *
 * <p>The scheduler is entered through {@link Noinline}, never inlined: see there for the JIT hazard.
 *
 * <p>No wake flag is needed: gopark runs {@code unlockf} only after the continuation has yielded, so
 * no waker can dequeue this party's Sudog, and so none can call goready, before the G has stopped.
 */
final class GWaiter extends Waiter {
    private static final GoroutineLocal<GWaiter> CURRENT = new GoroutineLocal<>(() -> new GWaiter(Sched.getg()));

    final G g;

    private GWaiter(G g) {
        this.g = g;
    }

    /** The calling goroutine's waiter; called (out of line, see {@link Noinline}) from a goroutine. */
    static GWaiter lookup() {
        return CURRENT.get();
    }

    @Override
    void prepareToPark() {}

    @Override
    void park(Runnable unlockf, Object blocker, WaitReason reason) {
        Noinline.gopark(unlockf, reason);
    }

    @Override
    void parkForever(Object blocker, WaitReason reason) {
        for (;;) Noinline.gopark(null, reason); // nobody readies it; the deadlock detector reports it
    }

    @Override
    void ready() {
        Noinline.goready(g);
    }

    @Override
    Object owner() {
        return g;
    }
}
