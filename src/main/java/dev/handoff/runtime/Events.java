package dev.handoff.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR events for the rare scheduler transitions (P handoff at a blocking call, P retaken by
 * sysmon), viewable in JDK Mission Control under "Handoff". They are committed only when a
 * recording enables them; the syscall fast path emits nothing.
 *
 * <p>The event classes are not touched until Flight Recorder is running: the first use of a JFR
 * event class initialises JFR's metadata (about 100 ms on a cold JVM), which must not land on
 * sysmon between taking a P and handing it off.
 */
final class Events {
    private Events() {}

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
