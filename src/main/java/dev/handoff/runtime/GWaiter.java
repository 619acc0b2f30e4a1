package dev.handoff.runtime;

/**
 * The {@link Waiter} of a goroutine: parks with {@link Sched#gopark} (the G becomes _Gwaiting with the
 * wait reason the dump and the deadlock detector show; its M goes on to run other goroutines) and is
 * readied with {@link Sched#goready} (into the waker's P runnext when the waker is a goroutine, Go's
 * ready(gp, next=true)). One per G, created on its first block and kept in {@link G#waiter} (it
 * lives as long as the G object, which the runtime reuses, as Go keeps these fields in the g).
 *
 * <p>The scheduler is called directly: the JIT hazard (a {@code Thread.currentThread()} kept across
 * a yield) is handled once, where the runtime reads the current M ({@code Proc.currentM}).
 *
 * <p>No wake flag is needed: gopark runs {@code unlockf} only after the continuation has yielded, so
 * no waker can dequeue this party's Sudog, and so none can call goready, before the G has stopped.
 */
final class GWaiter extends Waiter {
    final G g;

    private GWaiter(G g) {
        this.g = g;
    }

    /** The calling goroutine's waiter, or null when the caller is not a goroutine. */
    static GWaiter current() {
        G gp = Sched.getg();
        if (gp == null) return null;
        GWaiter w = gp.waiter;
        if (w == null) gp.waiter = w = new GWaiter(gp);
        return w;
    }

    @Override
    void prepareToPark() {}

    @Override
    void park(Runnable unlockf, Object blocker, WaitReason reason) {
        Proc.gopark(g.m, g, unlockf, reason);
    }

    @Override
    void parkForever(Object blocker, WaitReason reason) {
        for (;;) Proc.gopark(null, reason); // nobody readies it; the deadlock detector reports it
    }

    @Override
    void ready() {
        Proc.goready(g);
    }

    @Override
    Object owner() {
        return g;
    }
}
