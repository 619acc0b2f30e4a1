package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct ucred}: getsockopt SO_PEERCRED on a Unix socket, and SCM_CREDENTIALS messages. */
public final class Ucred extends Struct {
    /*
     * struct ucred {
     *     pid_t pid;   // process id of the peer
     *     uid_t uid;   // its user id
     *     gid_t gid;   // its group id
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid")).withName("ucred");

    private static final VarHandle PID = field(LAYOUT, "pid");
    private static final VarHandle UID = field(LAYOUT, "uid");
    private static final VarHandle GID = field(LAYOUT, "gid");

    /** A zeroed ucred. */
    public Ucred(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Ucred(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Ucred wrap(MemorySegment segment) { return new Ucred(segment); }

    public int pid() { return (int) PID.get(segment(), 0L); }
    public int uid() { return (int) UID.get(segment(), 0L); }
    public int gid() { return (int) GID.get(segment(), 0L); }
    public Ucred pid(int v) { PID.set(segment(), 0L, v); return this; }
    public Ucred uid(int v) { UID.set(segment(), 0L, v); return this; }
    public Ucred gid(int v) { GID.set(segment(), 0L, v); return this; }
}
