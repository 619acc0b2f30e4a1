package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct signalfd_siginfo}: one record read from a signalfd (128 bytes; read whole records). */
public final class SignalfdSiginfo extends Struct {
    /*
     * linux/signalfd.h:
     * struct signalfd_siginfo {
     *     __u32 ssi_signo;  __s32 ssi_errno;  __s32 ssi_code;
     *     __u32 ssi_pid;    __u32 ssi_uid;    __s32 ssi_fd;
     *     __u32 ssi_tid;    __u32 ssi_band;   __u32 ssi_overrun;  __u32 ssi_trapno;
     *     __s32 ssi_status; __s32 ssi_int;
     *     __u64 ssi_ptr;    __u64 ssi_utime;  __u64 ssi_stime;    __u64 ssi_addr;
     *     __u16 ssi_addr_lsb; __u16 __pad2;   __s32 ssi_syscall;
     *     __u64 ssi_call_addr;
     *     __u32 ssi_arch;
     *     __u8  __pad[28];
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("ssi_signo"),
            JAVA_INT.withName("ssi_errno"),
            JAVA_INT.withName("ssi_code"),
            JAVA_INT.withName("ssi_pid"),
            JAVA_INT.withName("ssi_uid"),
            JAVA_INT.withName("ssi_fd"),
            JAVA_INT.withName("ssi_tid"),
            JAVA_INT.withName("ssi_band"),
            JAVA_INT.withName("ssi_overrun"),
            JAVA_INT.withName("ssi_trapno"),
            JAVA_INT.withName("ssi_status"),
            JAVA_INT.withName("ssi_int"),
            JAVA_LONG.withName("ssi_ptr"),
            JAVA_LONG.withName("ssi_utime"),
            JAVA_LONG.withName("ssi_stime"),
            JAVA_LONG.withName("ssi_addr"),
            JAVA_SHORT.withName("ssi_addr_lsb"),
            MemoryLayout.paddingLayout(2),
            JAVA_INT.withName("ssi_syscall"),
            JAVA_LONG.withName("ssi_call_addr"),
            JAVA_INT.withName("ssi_arch"),
            MemoryLayout.paddingLayout(28)).withName("signalfd_siginfo");

    private static final VarHandle SIGNO = field(LAYOUT, "ssi_signo");
    private static final VarHandle ERRNO = field(LAYOUT, "ssi_errno");
    private static final VarHandle CODE = field(LAYOUT, "ssi_code");
    private static final VarHandle PID = field(LAYOUT, "ssi_pid");
    private static final VarHandle UID = field(LAYOUT, "ssi_uid");
    private static final VarHandle FD = field(LAYOUT, "ssi_fd");
    private static final VarHandle TID = field(LAYOUT, "ssi_tid");
    private static final VarHandle STATUS = field(LAYOUT, "ssi_status");
    private static final VarHandle INT = field(LAYOUT, "ssi_int");
    private static final VarHandle PTR = field(LAYOUT, "ssi_ptr");

    /** A zeroed record. */
    public SignalfdSiginfo(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private SignalfdSiginfo(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static SignalfdSiginfo wrap(MemorySegment segment) { return new SignalfdSiginfo(segment); }

    /** A zeroed array of {@code n} records: read(fd, buf, n * 128) fills some of them. */
    public static StructArray<SignalfdSiginfo> array(SegmentAllocator allocator, int n) {
        return StructArray.allocate(allocator, LAYOUT, n, SignalfdSiginfo::new);
    }

    public int signo() { return (int) SIGNO.get(segment(), 0L); }
    public int errno() { return (int) ERRNO.get(segment(), 0L); }
    public int code() { return (int) CODE.get(segment(), 0L); }
    public int pid() { return (int) PID.get(segment(), 0L); }
    public int uid() { return (int) UID.get(segment(), 0L); }
    public int fd() { return (int) FD.get(segment(), 0L); }
    public int tid() { return (int) TID.get(segment(), 0L); }
    public int status() { return (int) STATUS.get(segment(), 0L); }
    /** The int sent with sigqueue. */
    public int intValue() { return (int) INT.get(segment(), 0L); }
    /** The pointer sent with sigqueue. */
    public long ptr() { return (long) PTR.get(segment(), 0L); }
}
