package dev.handoff.gen;

import java.util.Set;

/**
 * What a {@code //sys} line cannot say but the Java wrapper must know, in two small tables keyed by
 * Go's function name. Go needs neither: a Go slice is already memory the kernel can use, and a nil
 * pointer is just nil.
 *
 * <h2>Which pointers may be null</h2>
 * A Java {@code null} for a struct, array or string parameter is a {@link NullPointerException}
 * before the call, except for the parameters in {@link #NULLABLE}: those where the kernel gives
 * NULL a meaning ("no old value wanted", "no timeout", "no signal mask"). There null passes NULL (0).
 *
 * <h2>Which way the bytes go</h2>
 * A heap {@code byte[]}, heap {@code ByteBuffer} or heap {@code MemorySegment} cannot be handed to a
 * call that may block (a critical downcall would stall the GC for as long as the call blocks), so it
 * is copied through native memory from a confined arena. {@link #direction} says which copies are
 * needed: {@code IN} (the kernel only reads: copy in), {@code OUT_N} (the kernel writes the first n
 * bytes, n being the result: copy back n), {@code INOUT} (the default: copy in, and back in full).
 * A read-only buffer is refused for calls whose kernel writes it.
 */
public final class CallTraits {
    private CallTraits() {}

    /** Copy direction of a {@code []byte} parameter. */
    public enum Direction { IN, OUT_N, INOUT }

    /** "Name.param" (Go names) that accept Java null as NULL. */
    static final Set<String> NULLABLE = Set.of(
            "Utimensat.path", "Utimensat.times", "ClockNanosleep.remain", "Nanosleep.leftover", "Time.t",
            "Wait4.wstatus", "Wait4.rusage", "Waitid.info", "Waitid.rusage", "PidfdSendSignal.info",
            "Prlimit.newlimit", "Prlimit.old", "TimerfdSettime.old", "Getcpu.cpu", "Getcpu.node",
            "rtSigprocmask.set", "rtSigprocmask.oldset", "rtSigtimedwait.info", "rtSigtimedwait.timeout",
            "EpollCtl.event", "EpollPwait.sigmask", "EpollPwait2.timeout", "EpollPwait2.sigmask",
            "Ppoll.timeout", "Ppoll.sigmask",
            "Accept4.rsa", "Accept4.addrlen", "Recvfrom.from", "Recvfrom.fromlen", "Recvmmsg.timeout",
            "Sendfile.offset", "Splice.roff", "Splice.woff", "CopyFileRange.roff", "CopyFileRange.woff",
            "FanotifyMark.pathname", "Mount.source", "Mount.fstype", "Mount.data", "Fsconfig.key", "Fsconfig.value",
            "RequestKey.callback", "MqTimedsend.abstime", "MqTimedreceive.abstime", "MqTimedreceive.prio",
            "Futex.timeout", "TimerSettime.old", "MqGetsetattr.newattr", "MqGetsetattr.oldattr", "IoGetevents.timeout");

    static boolean nullable(String goName, String param) {
        return NULLABLE.contains(goName + "." + param);
    }

    /** Calls whose byte buffer the kernel only reads. */
    static final Set<String> IN = Set.of("Write", "Pwrite", "Sendto", "Setxattr", "Lsetxattr", "Fsetxattr",
            "Sethostname", "Setdomainname", "MqTimedsend", "AddKey");

    /** Calls whose byte buffer the kernel fills from the start, returning how much. */
    static final Set<String> OUT_N = Set.of("Read", "Pread", "Getrandom", "Getxattr", "Lgetxattr", "Fgetxattr",
            "Listxattr", "Llistxattr", "Flistxattr", "Readlinkat", "Getdents", "Getcwd", "Recvfrom", "Klogctl",
            "MqTimedreceive");

    static Direction direction(String goName) {
        if (IN.contains(goName)) return Direction.IN;
        if (OUT_N.contains(goName)) return Direction.OUT_N;
        return Direction.INOUT;
    }
}
