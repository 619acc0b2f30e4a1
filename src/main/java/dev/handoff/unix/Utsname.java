package dev.handoff.unix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;

/** {@code struct utsname}: uname. Six NUL-terminated strings of at most 64 bytes each. */
public final class Utsname extends Struct {
    /** Bytes per field, including the NUL: the kernel's __NEW_UTS_LEN + 1. */
    public static final int FIELD_LENGTH = 65;

    /*
     * struct utsname {          // = the kernel's struct new_utsname
     *     char sysname[65];     // "Linux"
     *     char nodename[65];    // the host name
     *     char release[65];     // "6.1.0-13-amd64"
     *     char version[65];     // "#1 SMP PREEMPT_DYNAMIC Debian ..."
     *     char machine[65];     // "x86_64", "aarch64"
     *     char domainname[65];  // NIS domain name (glibc spells it __domainname without _GNU_SOURCE)
     * };
     */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("sysname"),
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("nodename"),
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("release"),
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("version"),
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("machine"),
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("domainname")).withName("utsname");

    private static final long SYSNAME = offset(LAYOUT, "sysname");
    private static final long NODENAME = offset(LAYOUT, "nodename");
    private static final long RELEASE = offset(LAYOUT, "release");
    private static final long VERSION = offset(LAYOUT, "version");
    private static final long MACHINE = offset(LAYOUT, "machine");
    private static final long DOMAINNAME = offset(LAYOUT, "domainname");

    /** A zeroed utsname. */
    public Utsname(SegmentAllocator allocator) { super(allocator, LAYOUT); }

    private Utsname(MemorySegment segment) { super(segment, LAYOUT); }

    /** A view of existing memory. */
    public static Utsname wrap(MemorySegment segment) { return new Utsname(segment); }

    public String sysname() { return getString(segment(), SYSNAME, FIELD_LENGTH); }
    public String nodename() { return getString(segment(), NODENAME, FIELD_LENGTH); }
    public String release() { return getString(segment(), RELEASE, FIELD_LENGTH); }
    public String version() { return getString(segment(), VERSION, FIELD_LENGTH); }
    public String machine() { return getString(segment(), MACHINE, FIELD_LENGTH); }
    public String domainname() { return getString(segment(), DOMAINNAME, FIELD_LENGTH); }

    @Override
    public String toString() { return sysname() + " " + nodename() + " " + release() + " " + machine(); }
}
