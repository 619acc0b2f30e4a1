package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code siginfo_t} as waitid and rt_sigtimedwait fill it (128 bytes). Modelled: the common header and
 * the SIGCHLD arm of the union, which is what waitid reports (child pid, uid, exit status or signal,
 * with {@link #code()} one of CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_STOPPED, CLD_CONTINUED). For a
 * signal sent by kill, pid and uid sit at the same offsets.
 */
public final class Siginfo extends Struct {
    /*
     * typedef struct {
     *     int si_signo;          // signal number
     *     int si_errno;
     *     int si_code;           // SI_USER, CLD_EXITED, ...
     *     int __pad0;            // 64-bit: the union is 8-aligned
     *     union {                // 112 bytes
     *         int _pad[28];
     *         struct { pid_t si_pid; uid_t si_uid; } _kill;
     *         struct { pid_t si_pid; uid_t si_uid; int si_status; clock_t si_utime, si_stime; } _sigchld;
     *         ...                // _timer, _rt, _sigfault, _sigpoll, _sigsys
     *     } _sifields;
     * } siginfo_t;
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("si_signo"),
            JAVA_INT.withName("si_errno"),
            JAVA_INT.withName("si_code"),
            MemoryLayout.paddingLayout(4),
            JAVA_INT.withName("si_pid"),
            JAVA_INT.withName("si_uid"),
            JAVA_INT.withName("si_status"),
            MemoryLayout.paddingLayout(128 - 28)).withByteAlignment(8).withName("siginfo");

    private static final VarHandle SIGNO = field(LAYOUT, "si_signo");
    private static final VarHandle ERRNO = field(LAYOUT, "si_errno");
    private static final VarHandle CODE = field(LAYOUT, "si_code");
    private static final VarHandle PID = field(LAYOUT, "si_pid");
    private static final VarHandle UID = field(LAYOUT, "si_uid");
    private static final VarHandle STATUS = field(LAYOUT, "si_status");

    /** A zeroed siginfo (waitid with WNOHANG leaves si_pid 0 when no child changed state). */
    public Siginfo(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Siginfo(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Siginfo wrap(MemorySegment segment) { return new Siginfo(segment); }

    public int signo() { return (int) SIGNO.get(segment(), 0L); }
    public int errno() { return (int) ERRNO.get(segment(), 0L); }
    public int code() { return (int) CODE.get(segment(), 0L); }
    public int pid() { return (int) PID.get(segment(), 0L); }
    public int uid() { return (int) UID.get(segment(), 0L); }
    /** The exit status (CLD_EXITED) or the signal number (CLD_KILLED, CLD_DUMPED, CLD_STOPPED). */
    public int status() { return (int) STATUS.get(segment(), 0L); }

    @Override
    public String toString() {
        return "siginfo{signo=" + signo() + " code=" + code() + " pid=" + pid() + " uid=" + uid()
                + " status=" + status() + "}";
    }
}
