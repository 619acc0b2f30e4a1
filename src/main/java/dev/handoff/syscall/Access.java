package dev.handoff.syscall;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What Handoff can do depends on two JVM flags. The runnable jar's manifest carries both; a library
 * user adds them to the command line. Each missing flag is reported once, on first need, naming the
 * flag and what it enables; everything that does not need it keeps working.
 */
public final class Access {
    private Access() {}

    /** The flag that lets virtual threads be compensated and goroutines run. */
    public static final String MISC_FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The flag that lets goroutines run on continuations. */
    public static final String VM_FLAG = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** True when jdk.internal.misc is exported to Handoff: virtual-thread compensation works. */
    public static boolean canCompensateVirtualThreads() { return Syscall.CAN_COMPENSATE; }

    /** True when jdk.internal.vm is exported to Handoff: the goroutine runtime can run. */
    public static boolean canRunGoroutines() {
        return Object.class.getModule().isExported("jdk.internal.vm", Access.class.getModule());
    }

    /**
     * Says once, on stderr, which of the two flags are missing and what each would enable. Called when
     * the syscall layer loads: everything else keeps working without them.
     */
    static void reportMissingFlags() {
        boolean misc = Syscall.CAN_COMPENSATE, vm = canRunGoroutines();
        if ((misc && vm) || !WARNED.compareAndSet(false, true) || Boolean.getBoolean("handoff.quiet")) return;
        StringBuilder b = new StringBuilder("handoff: running without ");
        if (!misc) b.append(MISC_FLAG).append(" (virtual threads in a blocking syscall keep their carrier pinned;"
                + " with it the carrier pool is compensated)");
        if (!misc && !vm) b.append(" and without ");
        if (!vm) b.append(VM_FLAG).append(" (the goroutine runtime cannot start)");
        b.append(misc || vm ? ". Add it" : ". Add them").append(" to the java command line; the runnable jar's manifest carries both."
                + " -Dhandoff.quiet=true silences this.");
        System.err.println(b);
    }
}
