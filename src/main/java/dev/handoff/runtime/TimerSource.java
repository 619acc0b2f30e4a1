package dev.handoff.runtime;

/**
 * Where per-P timers plug into the scheduler (issue 5 provides the heap; the runtime only calls
 * these). Each P has one ({@code P.timers}, {@link #NONE} by default); the scheduler calls it:
 * <ul>
 *   <li>from {@code findRunnable}, on the M that owns the P, before looking at run queues:
 *       {@link #run}{@code (now)} runs the timers that are due (typically goready-ing sleepers, which
 *       lands them in this P's run queue) and returns the next deadline;</li>
 *   <li>from {@code findRunnable} again when the M is about to go idle: the earliest
 *       {@link #next()} over all Ps bounds how long the last idle M parks, so a timer fires
 *       without anyone polling;</li>
 *   <li>from sysmon each tick: if some P's {@link #next()} has passed and no M is awake to run it,
 *       sysmon starts one (Go's sysmon does the same);</li>
 *   <li>from deadlock detection: pending timers mean "not deadlocked, just sleeping";</li>
 *   <li>from procresize: a destroyed P's timers move to another P with {@link #moveTo}.</li>
 * </ul>
 * All but {@link #next()} run on the owner of the P; {@link #next()} may be called from any thread
 * and must be safe to call racily (a volatile read of the earliest deadline is enough).
 */
public interface TimerSource {
    /** No timers: never due. */
    TimerSource NONE = new TimerSource() {};

    /**
     * Owner of the P only. Runs every timer due at {@code now} (System.nanoTime) and returns the
     * next deadline, or {@link Long#MAX_VALUE} when none is pending.
     */
    default long run(long now) { return Long.MAX_VALUE; }

    /** Any thread, racy: the earliest pending deadline (System.nanoTime), or {@link Long#MAX_VALUE}. */
    default long next() { return Long.MAX_VALUE; }

    /** procresize, with the P stopped: move every pending timer to {@code to}. */
    default void moveTo(P to) {}
}
