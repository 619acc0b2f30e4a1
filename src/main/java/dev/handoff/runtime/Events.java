package dev.handoff.runtime;

import dev.handoff.syscall.SysNum;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * JFR events, viewable in JDK Mission Control under "Handoff": a goroutine's blocking syscall
 * ({@code dev.handoff.Syscall}, a duration event), and the rare scheduler transitions (P handoff
 * at a blocking call, P retaken by sysmon). All are enabled by default, so a plain
 * {@code -XX:StartFlightRecording} records them; {@code dev.handoff.Syscall} only when the call
 * took at least 20 µs (its threshold, as {@code jdk.ThreadSleep} has one).
 *
 * <p>The event classes are not touched until Flight Recorder is running: the first use of a JFR
 * event class initialises JFR's metadata (about 100 ms on a cold JVM), which must not land on
 * sysmon between taking a P and handing it off, nor on a goroutine's first syscall.
 *
 * <h2>The syscall event and the fast path</h2>
 * With no recording, a syscall pays one static volatile read ({@link FlightRecorder#isInitialized},
 * a plain load on x86) on entry and one null check of a field of the G it already holds on exit:
 * no allocation, no JFR class touched. While Flight Recorder is initialised, entry also reads the
 * event type's enabled flag; only while a recording enables the event does a syscall allocate its
 * event, parked in {@code G.syscallEvent} until the exit ends it, and only one that outlived the
 * threshold is committed (the name lookup and field stores happen after the threshold check).
 * Rejected: one event object per G, reused across syscalls (JFR does not promise that an event may
 * be committed twice); {@code new Syscall().isEnabled()} as the check (allocates on every syscall
 * once any recording has ever run in the JVM).
 */
final class Events {
    private Events() {}

    /** How exitsyscall got its P back: {@link Syscalls#EXIT_FAST} etc. index this. */
    private static final String[] EXITS = {"fast", "idle P", "slow"};

    @Name("dev.handoff.Syscall")
    @Label("Goroutine Syscall")
    @Category({"Handoff", "Syscall"})
    @Description("a goroutine in a blocking system call (Syscall.syscall/syscall6): entersyscall to exitsyscall")
    @Enabled(true)
    @Threshold("20 us")
    @StackTrace(true)
    static final class Syscall extends Event {
        @Label("Goroutine") long goid;
        @Label("Syscall Number") int nr;
        @Label("Syscall") String name;
        @Label("P") @Description("the P the goroutine held when it entered the syscall, -1 if none") int p;
        @Label("P After") @Description("the P it holds after exitsyscall") int exitP;
        @Label("Exit") @Description("fast: its own P was still there; idle P: it had been taken, an idle P was free; slow: waited for a P")
        String exit;
        @Label("P Retaken") @Description("the P was taken from the M during the syscall (sysmon's retake, procresize)")
        boolean retaken;
    }

    /** Loaded only once Flight Recorder is initialised (see the class comment). */
    private static final class SyscallType {
        static final EventType TYPE = EventType.getEventType(Syscall.class);
    }

    /**
     * Called by M.entersyscall once {@link FlightRecorder#isInitialized} said yes: begins the
     * event if a recording enables it and parks it on the G.
     */
    static void beginSyscall(M mp, G gp, long trap) {
        if (!SyscallType.TYPE.isEnabled()) return;
        Syscall e = new Syscall();
        e.goid = gp.goid;
        e.nr = (int) trap;
        P pp = mp.p;
        e.p = pp != null ? pp.id : -1;
        gp.syscallEvent = e;
        e.begin();
    }

    /** Called by M.exitsyscall with the event beginSyscall parked on the G. */
    static void endSyscall(Object event, int exit, M mp) {
        Syscall e = (Syscall) event;
        e.end();
        if (!e.shouldCommit()) return;
        String name = SysNum.name(e.nr);
        e.name = name != null ? name : "syscall " + e.nr;
        P pp = mp.p;
        e.exitP = pp != null ? pp.id : -1;
        e.exit = EXITS[exit];
        e.retaken = exit != Syscalls.EXIT_FAST;
        e.commit();
    }

    @Name("dev.handoff.PRetake")
    @Label("P Retake")
    @Category({"Handoff", "Scheduler"})
    @Description("sysmon took a P from an M blocked in a syscall or inside the JDK")
    static final class PRetake extends Event {
        @Label("P") int p;
        @Label("Goroutine") long goid;
        @Label("Blocked in the JDK") boolean inJdk;
    }

    @Name("dev.handoff.PHandoff")
    @Label("P Handoff")
    @Category({"Handoff", "Scheduler"})
    @Description("a goroutine handed its P off before blocking (Go.blocking, a pinned park, a locked M)")
    static final class PHandoff extends Event {
        @Label("P") int p;
        @Label("Goroutine") long goid;
    }

    private static boolean jfrRunning() {
        return jdk.jfr.FlightRecorder.isInitialized();
    }

    static void retake(int p, long goid, boolean inJdk) {
        if (!jfrRunning()) return;
        PRetake e = new PRetake();
        if (!e.isEnabled()) return;
        e.p = p;
        e.goid = goid;
        e.inJdk = inJdk;
        e.commit();
    }

    static void handoff(int p, long goid) {
        if (!jfrRunning()) return;
        PHandoff e = new PHandoff();
        if (!e.isEnabled()) return;
        e.p = p;
        e.goid = goid;
        e.commit();
    }
}
