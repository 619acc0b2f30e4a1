package dev.handoff.syscall;

/**
 * A thread that runs tasks of its own scheduler and wants to hear when one of them enters a
 * blocking system call: the runtime's Ms implement it, so that {@link Syscall#syscall} becomes
 * Go's {@code entersyscall; SYSCALL; exitsyscall}.
 *
 * <p>Both methods are called on this thread, in pairs, around every {@code syscall}/{@code syscall6}
 * it makes; never around {@code rawSyscall}. They must not throw and must not issue a
 * {@code syscall} themselves (the runtime's own system calls go through {@code rawSyscall}, as Go's do).
 * A thread that is not running a scheduled task at the moment makes both no-ops.
 */
public interface SchedulerThread {
    /** Called just before a possibly blocking system call starts on this thread. */
    void entersyscall();

    /**
     * The same, told which system call it is ({@code Syscall.syscall} calls this one). The default
     * ignores the number; the runtime uses it only for its JFR syscall event, while a recording runs.
     */
    default void entersyscall(long trap) {
        entersyscall();
    }

    /** Called just after it returned, before its result is looked at. */
    void exitsyscall();
}
