package dev.handoff.bench;

/**
 * JVM flags for the JMH forks, as compile-time constants so each {@code @Fork} can name them.
 *
 * <p>Every fork gets {@link #ADD_EXPORTS_VM}, {@link #ADD_EXPORTS_MISC} and {@link #NATIVE_ACCESS}
 * (what the handoff jar's manifest carries; JMH forks run with {@code -cp}, so the manifest does not
 * apply). Variants add {@link #SMB} and/or {@link #LIBC}.
 */
public final class Jvm {
    private Jvm() {}

    public static final String ADD_EXPORTS_VM = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
    public static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** membarrier(2) instead of a fence on each Java-to-native thread-state transition. */
    public static final String SMB = "-XX:+UseSystemMemoryBarrier";
    /** Handoff's fallback: libc syscall(3) with errno captured, instead of the run-time trampoline. */
    public static final String LIBC = "-Dhandoff.syscall.impl=libc";
}
