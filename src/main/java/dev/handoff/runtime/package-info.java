/**
 * Goroutines on {@code jdk.internal.vm.Continuation}, scheduled by Go's G/M/P scheduler, with Go's
 * syscall handoff: a goroutine blocked in the kernel never holds a processor other goroutines
 * could use.
 *
 * <h2>Layers</h2>
 * <pre>
 *   Go (facade: go, gosched, goexit, gomaxprocs, blocking, main ...)    GoroutineLocal
 *   Sched (getg, gopark, goready: the contract channels/select/sync/timers build on)
 *   ─────────────────────────────────────────────────────────────────────────────────────
 *   Proc       goroutine-side operations: newproc, gopark, goready, gosched, goexit, LockOSThread,
 *              waitForP (give up or get a P without unmounting: slow syscall exit, preemption)
 *   Schedule   an M's loop: schedule, findRunnable (in small steps), execute, afterRun (the "g0" half)
 *   Handoff    moving Ps and Ms: acquirep, releasep, handoffp, startm, stopm, wakep, (start|stop)lockedm
 *   Syscalls   entersyscall, exitsyscall(fast), entersyscallblock, takeP (the one way to take a P)
 *   Sysmon     the monitor thread: retake, preemption requests, wake-on-syscall, schedtrace
 *   Procresize GOMAXPROCS at run time without stopping the world
 *   Deadlock, Fatal, Diagnostics, Events (JFR)
 *   ─────────────────────────────────────────────────────────────────────────────────────
 *   G, GStatus   goroutine + its state machine      P, PStatus   processor + its state machine
 *   M            platform thread, implements dev.handoff.syscall.SchedulerThread
 *   RunQueue     256-slot lock-free ring + runnext (thieves give a running P's runnext ~3 µs grace)
 *   NextG        a running G's own runnext: the G it readied, run by its M right after it parks
 *   GlobalRunQueue  array FIFO of Gs     GFree  array stack of dead Gs (per P, and the global one)
 *   Sched        global state, idle P/M lists
 *   Note         park/unpark for idle Ms and sysmon  TimerSource  per-P timer hook (issue 5)
 * </pre>
 * {@code dev.handoff.syscall.Syscall.syscall} calls {@code M.entersyscall/exitsyscall} around the
 * trap when the caller runs on an M; {@code rawSyscall} never does, and the runtime's own system
 * calls (sysmon's prctl; later netpoll) use rawSyscall, as Go's do.
 *
 * <h2>A goroutine's life</h2>
 * {@code go(fn)} takes a dead G from the P's free list (or allocates one), gives it its function
 * and id and puts it in the P's {@code runnext} (the previous runnext moves to the ring);
 * if a P is idle and nobody spins, {@code wakep} starts a spinning M. An M's loop finds the G
 * ({@code findRunnable}), sets it running and mounts its continuation ({@code execute}), which it
 * makes at the G's first run (the G keeps it only once it has yielded). The G
 * runs until it parks, yields or returns; each of those yields the continuation after leaving a
 * reason on the M, and the M, back on its own stack, finishes the job ({@code afterRun}): the
 * park's unlock function, the global queue for gosched, the free list for a dead G. Go does the
 * same with {@code mcall} and g0. A goroutine readied by a running goroutine (a channel handoff)
 * waits in the readier's own slot rather than the P's runnext, and the M runs it right after the
 * readier parks, without a pass through {@code schedule} ({@link dev.handoff.runtime.NextG}).
 *
 * <h2>State machines</h2>
 * G ({@link dev.handoff.runtime.GStatus}):
 * <pre>
 *   _Gidle        -> _Gdead         malg
 *   _Gdead        -> _Grunnable     newproc
 *   _Grunnable    -> _Grunning      execute
 *   _Grunning     -> _Grunnable     gosched (after the yield); preemption and the slow syscall exit
 *                                   (in place: still mounted, queued locked to its waiting M)
 *   _Grunning     -> _Gwaiting      gopark (after the yield; on the G's stack when pinned)
 *   _Grunning     -> _Gsyscall      entersyscall
 *   _Grunning     -> _Gdead         returned, goexit, or panicked
 *   _Grunning     -> _Gscanrunning  a G locks itself for a run-queue operation; sysmon locks a JDK-blocked G
 *   _Gscanrunning -> _Grunning      unlock
 *   _Gscanrunning -> _Gsyscall      entersyscallblock / sysmon took the P of a JDK-blocked G
 *   _Gsyscall     -> _Grunning      exitsyscall (the one CAS of the fast path)
 *   _Gsyscall     -> _Gscansyscall  retake / procresize lock the G to take its P
 *   _Gscansyscall -> _Gsyscall      the P has been detached
 *   _Gsyscall     -> _Gwaiting | _Grunnable | _Gdead   the G was leaving when its P was taken
 *   _Gwaiting     -> _Grunnable     goready (a release store: the one waker owns the waiting G)
 * </pre>
 * P ({@link dev.handoff.runtime.PStatus}): {@code _Pstop -> _Pidle <-> _Prunning}, and
 * {@code _Pidle | _Prunning -> _Pstop -> _Pdead -> _Pstop} for procresize. There is no
 * {@code _Psyscall}. Each constant's Javadoc says who owns the stack, the M and the P in that state.
 *
 * <h2>Syscalls: Go 1.26's design, and why</h2>
 * Go ≤ 1.25 marks the P {@code _Psyscall} on entry and races sysmon on the P's status on exit:
 * three atomic operations per syscall. Go 1.26 removed {@code _Psyscall}: the P stays attached to
 * the M and "lent" is read from the G's status. We do the same: entersyscall is one CAS
 * {@code _Grunning -> _Gsyscall}; exitsyscall is one CAS {@code _Gsyscall -> _Grunning} followed by
 * "is {@code m.p} still set?"; a taker (sysmon, procresize) CASes {@code _Gsyscall -> _Gscansyscall},
 * clears {@code m.p}, releases the P and the scan bit. Whoever wins the CAS on the one word owns the
 * P; the loser sees it at once. No lock, no allocation, no store on the P on the fast path. The
 * slow path (no P free) does not unmount, unlike Go's {@code mcall(exitsyscall0)}: the G goes on
 * the global queue temporarily locked to its M, which sleeps until the M that picks the G hands it
 * a P (Go's startlockedm) — see "Monitors" below for why. Checked by jcstress
 * ({@code ExitsyscallVsRetakeTest}, which found a real retry bug on its first run).
 *
 * <h2>Sysmon</h2>
 * Go's 20 µs → 10 ms backoff and Go's retake rules. Beyond Go: entersyscall wakes sysmon when it
 * sleeps long (one racy read on the fast path), so handoff latency after an idle period is two
 * short ticks, not up to 20 ms; sysmon's timer slack is 1 ns. Preemption is cooperative, as in Go
 * ≤ 1.13: a goroutine running for more than 10 ms is flagged and yields at its next go, goready
 * or gomaxprocs call (in place: its P goes to another M, the goroutine queues behind the others
 * without unmounting), or at its next gosched or park; a loop that makes none of those keeps its P.
 *
 * <h2>Java inside goroutines (beyond Go)</h2>
 * <ul>
 *   <li><b>Monitors.</b> On JDK 25 a plain continuation can yield while holding a monitor, and
 *       an uncontended (fast-locked) one moves with it correctly. An <em>inflated</em>
 *       (contended) one does not: JEP 491 records a virtual thread as the owner, but for a plain
 *       continuation the owner stays the carrier thread, so after the goroutine unmounts its old M
 *       still "holds" the monitor (another goroutine on that M enters it recursively), and the exit
 *       on another M does not release it. Found by {@code ChaosTest} as a deadlock; reproduced
 *       without the runtime (two continuations on one carrier, an inflated monitor). Hence: the
 *       runtime never unmounts a goroutine at an <em>implicit</em> yield — the slow syscall exit
 *       and preemption wait in place ({@code Proc.waitForP}) — and only explicit
 *       {@code gosched}/{@code gopark} unmount; those must not be called inside a
 *       {@code synchronized} block that other goroutines contend for (use {@code Go.blocking}, or
 *       a goroutine-aware lock). The real fix is the one {@code VirtualThread} uses: give each
 *       goroutine its own {@code Thread} identity while mounted ({@code carrier.setCurrentThread(id)},
 *       package-private in JDK 25, so {@code --add-opens java.base/java.lang}). Tried outside the
 *       runtime: with it, the carrier no longer owns the inflated monitor after the yield, a second
 *       continuation on that carrier blocks as it should, and the exit on another carrier releases
 *       the monitor. It would also make thread-locals per goroutine and end the
 *       stale-{@code currentThread} problem below (the identity would not change across a move).
 *       Not done: HotSpot assumes a mounted identity that differs from the carrier is a
 *       {@code VirtualThread} (JFR, JVMTI, thread dumps), which must be checked first; the identity
 *       would live on the reused G object, so it costs a Thread per G, not per spawn.</li>
 *   <li><b>Pinned continuations</b> (a native frame, {@code Continuation.pin()}): {@code yield}
 *       returns false ({@code onPinned} is overridden to record, not throw). The G then keeps its
 *       M: the M hands its P off and blocks in the G's place; the G is temporarily "locked" to the
 *       M, so whoever readies it hands that M a P (Go's startlockedm). Counted as pinned parks.</li>
 *   <li><b>Blocking JDK calls</b> ({@code Thread.sleep}, {@code Object.wait}, contended monitors,
 *       socket I/O) block the M without telling anyone. Sysmon sees the M's thread state
 *       (BLOCKED/WAITING/TIMED_WAITING) while the P's schedtick has not moved for a tick and takes
 *       the P with the syscall protocol, leaving the G in {@code _Gsyscall}; the G's next runtime
 *       call finds that and exits the "syscall" like any other. Runtime operations that use the
 *       P's queue lock the G's own status first ({@code Proc.lockSelf}) so that this is safe.
 *       {@code Go.blocking} hands the P off at once instead. Blocking socket and file I/O is
 *       <em>not</em> detected: a thread blocked in native code is RUNNABLE, just like one in a
 *       {@code rawSyscall}, which by Go's rules must keep its P (a CPU-clock detector would catch
 *       both, so it was rejected); such code belongs in {@code Go.blocking} (or, later, on the
 *       netpoller).</li>
 *   <li><b>{@code Thread.currentThread()} is stale in compiled goroutine code.</b> C2 keeps the
 *       current thread across a call within a compiled frame, {@code Continuation.yield}
 *       included; after a goroutine moves from M1 to M2, a hot loop still sees M1 (measured: 89%
 *       stale reads once compiled). Virtual threads never notice, because their currentThread is
 *       the virtual thread. The runtime therefore finds its M in exactly one place,
 *       {@code Proc.currentM}, through a MethodHandle in a non-final field (C2 cannot inline it:
 *       a real call, ~3 ns, never stale), and {@code M.entersyscall} ignores its receiver. That
 *       one mechanism covers every caller, however deeply C2 inlines gopark/goready/getg into a
 *       hot loop (channels, select, sync and timers call the scheduler directly);
 *       {@code CurrentThreadTest} fails if runtime code reads {@code Thread.currentThread()}
 *       inline anywhere else, and {@code GoTest}/{@code GoroutineChanTest} fail at run time if the
 *       lookup is inlinable. User code must not identify goroutines by
 *       thread: thread-locals and {@code java.util.concurrent} lock ownership belong to whatever
 *       M the JIT last saw; use {@link dev.handoff.runtime.GoroutineLocal} and
 *       {@link dev.handoff.runtime.Go#goid()}. Likewise a confined {@code Arena} belongs to a
 *       thread: use a shared or automatic arena in goroutines.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A P has at most one owner; only the owner puts into its run queue, and the owner of a P
 *       whose G is {@code _Grunning} cannot lose it (the G's status lock).</li>
 *   <li>{@code m.p} is cleared by another thread only while it holds the M's G's scan bit.</li>
 *   <li>A G is on at most one run queue, and only while {@code _Grunnable}.</li>
 *   <li>gopark's unlock function runs after the continuation has yielded: a goready racing with a
 *       park cannot run the G before it stopped.</li>
 *   <li>The scheduler lock is never held across a park or a yield.</li>
 *   <li>A spinning M that gives up decrements {@code nmspinning} before re-checking run queues; a
 *       producer that misses the wakeup put the G on its own P, which runs it.</li>
 *   <li>An M is counted idle only on the idle list or parked for its locked G; deadlock is declared
 *       only when no M runs and no G is runnable, running, in a syscall, or waiting on a timer.</li>
 * </ul>
 *
 * <h2>Rejected approaches</h2>
 * <ul>
 *   <li><b>Virtual threads as goroutines.</b> A virtual thread blocked in a downcall pins its
 *       carrier; compensation ({@code Blocker}) adds a carrier but never takes the blocked one's
 *       work away, and there is no G/M/P to hand off. Measured throughput kept under blocking
 *       syscalls is about 0 % with Loom + FFM.</li>
 *   <li><b>Keeping {@code _Psyscall}.</b> Three atomic operations per syscall instead of two, and
 *       a P state that only means something together with a G's.</li>
 *   <li><b>Stopping the world for GOMAXPROCS.</b> There is no safepoint for goroutines that run
 *       Java code; each surplus P is destroyed by its owner at its next scheduling point instead.</li>
 *   <li><b>A lock (or a volatile store) around every P use by a goroutine, to make the
 *       JDK-blocked take safe.</b> One CAS on the G's own status word around the few operations
 *       that touch the run queue does the same, and is the word the syscall path uses anyway.</li>
 *   <li><b>Spinning or sleep-polling idle Ms.</b> Idle Ms park on a {@link dev.handoff.runtime.Note}
 *       (futex); the last one to go idle with timers pending parks with a deadline.</li>
 *   <li><b>Reading Thread.currentThread() inline</b> (see above): fast, and wrong after a move.</li>
 *   <li><b>Out-of-line entry points per scheduler call</b> ({@code Noinline}: gopark, goready,
 *       getg for the channel code, padded past C2's inlining limit), which the channel branch
 *       used before {@code Proc.currentM} was out of line: a second mechanism for the same hazard,
 *       an extra call on every park and ready, and an extra compiled frame in every parked
 *       goroutine's stack. Removed once the lookup itself was out of line.</li>
 *   <li><b>A padded (too-big-to-inline) static {@code currentM}</b> instead of the MethodHandle:
 *       measured ~2 % faster ping-pong on GOMAXPROCS=1 (250 vs 255 ns), within the noise of this
 *       machine, and it relies on C2's size heuristics where the handle relies on a rule (a
 *       non-constant handle is never inlined): not taken.</li>
 * </ul>
 *
 * <h2>Configuration</h2>
 * {@code -Dhandoff.gomaxprocs=N} (else {@code $GOMAXPROCS}, else the available processors),
 * {@code -Dhandoff.maxthreads=N} (default 10,000; more is fatal "thread exhaustion"),
 * {@code -Dhandoff.schedtrace=MS} (Go's schedtrace lines on stderr), {@code -Dhandoff.exitOnFatal}
 * (background runtimes exit with status 2 on a fatal error; default true). JFR events
 * {@code dev.handoff.Syscall} (a goroutine's blocking syscall, 20 µs threshold),
 * {@code dev.handoff.PRetake} and {@code dev.handoff.PHandoff} when a recording is running (see
 * {@code Events}; docs/HACKING.md says how to record and view them).
 */
package dev.handoff.runtime;
