package dev.handoff.syscall;

/**
 * Child-JVM program: a few calls through every entry point, for configurations a test JVM cannot
 * switch to (the libc fallback, the ret-ending trampoline). Prints "ok <implementation>" or fails.
 */
public final class SelfCheck {
    public static void main(String[] args) {
        long pid = ProcessHandle.current().pid();
        check(Syscall.rawSyscall(SysNum.SYS_GETPID, 0, 0, 0) == pid, "rawSyscall getpid");
        check(Syscall.syscall(SysNum.SYS_GETPID, 0, 0, 0) == pid, "syscall getpid");
        check(Syscall.rawSyscall6(SysNum.SYS_GETPID, 0, 0, 0, 0, 0, 0) == pid, "rawSyscall6 getpid");
        check(Syscall.syscall6(SysNum.SYS_GETPID, 0, 0, 0, 0, 0, 0) == pid, "syscall6 getpid");
        check(Syscall.syscall(SysNum.SYS_CLOSE, -1, 0, 0) == -Errno.EBADF.number(), "close(-1)");
        check(Syscall.rawSyscall6(SysNum.SYS_MUNMAP, 1, 4096, 0, 0, 0, 0) == -Errno.EINVAL.number(), "munmap(1)");
        check(Syscall.syscall(99_999, 0, 0, 0) == -Errno.ENOSYS.number(), "unknown trap");
        for (int i = 0; i < 200_000; i++) { // long enough for C2 to compile the entry points
            if (Syscall.rawSyscall(SysNum.SYS_GETPID, 0, 0, 0) != pid) check(false, "compiled getpid");
        }
        System.out.println("ok " + Syscall.implementation());
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }
}
