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

    static void warnOnce() {
        if (WARNED.compareAndSet(false, true)) {
            System.err.println("handoff: a virtual thread made a blocking system call, and its carrier stays pinned for"
                    + " the call because jdk.internal.misc is not exported to Handoff. Add " + MISC_FLAG
                    + " to the java command line to compensate the carrier pool (the runnable jar does this itself).");
        }
    }
}
