package dev.handoff.syscall;

/**
 * A system call failed: carries the call's name and its errno (number, name, message).
 * The message reads {@code "close: EBADF (Bad file descriptor)"}.
 *
 * <h2>Hot errnos are cheap</h2>
 * Go's {@code errnoErr} hands back preallocated values for EAGAIN, EINVAL and ENOENT, so an error on
 * a hot path costs nothing. Ours must also name the call, so it cannot be fully preallocated; what
 * costs (microseconds) is the stack trace, not the object (tens of nanoseconds). So exceptions for
 * the errnos that hot paths meet as a matter of course, {@link #HOT EAGAIN, EINTR, ENOENT, EINVAL
 * and EBADF}, are made without a stack trace; every other errno gets one. The trade-off: such an
 * exception does not say where it was thrown. {@code -Dhandoff.errno.stacktraces=all} gives every
 * exception its stack trace while debugging.
 */
public class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The errnos whose exceptions carry no stack trace (unless handoff.errno.stacktraces=all). */
    public static final java.util.Set<Errno> HOT =
            java.util.Collections.unmodifiableSet(java.util.EnumSet.of(Errno.EAGAIN, Errno.EINTR, Errno.ENOENT, Errno.EINVAL, Errno.EBADF));
    private static final boolean ALL_TRACES = "all".equals(System.getProperty("handoff.errno.stacktraces"));

    private final String syscall;
    private final int errno;

    protected SyscallException(String syscall, int errno, boolean trace) {
        super(message(syscall, errno), null, false, trace);
        this.syscall = syscall;
        this.errno = errno;
    }

    /** The exception for errno (a positive number) from the named call. */
    public static SyscallException of(String syscall, int errno) {
        Errno e = Errno.of(errno);
        return new SyscallException(syscall, errno, ALL_TRACES || e == null || !HOT.contains(e));
    }

    /** The system call's name, as the kernel knows it ("openat"). */
    public String syscall() { return syscall; }

    /** The errno number (positive). */
    public int errnoNumber() { return errno; }

    /** The errno, or null for a number Linux does not define. */
    public Errno errno() { return Errno.of(errno); }

    /** True when this failure is that errno. */
    public boolean is(Errno e) { return e.number() == errno; }

    private static String message(String syscall, int errno) {
        Errno e = Errno.of(errno);
        return e == null ? syscall + ": errno " + errno : syscall + ": " + e.name() + " (" + e.message() + ")";
    }
}
