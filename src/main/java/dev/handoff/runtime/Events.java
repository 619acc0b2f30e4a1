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

    private static final PRetake RETAKE_PROBE = new PRetake();

    static void retake(int p, long goid, boolean inJdk) {
        if (!RETAKE_PROBE.isEnabled()) return;
        PRetake e = new PRetake();
        e.p = p;
        e.goid = goid;
        e.inJdk = inJdk;
        e.commit();
    }

    static void handoff(int p, long goid) {
        PHandoff e = new PHandoff();
        if (!e.isEnabled()) return;
        e.p = p;
        e.goid = goid;
        e.commit();
    }
}
