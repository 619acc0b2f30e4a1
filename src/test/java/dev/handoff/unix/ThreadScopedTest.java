package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/**
 * Calls that change the calling thread for good (its root and working directory after
 * unshare(CLONE_FS), its UTS namespace, a landlock sandbox) run on a throwaway platform thread, so
 * the JVM's other threads never see the change; the test checks the effect from inside that thread
 * and its absence outside.
 */
class ThreadScopedTest {
    @TempDir Path dir;

    interface Body { void run() throws Exception; }

    /** Runs body on a new platform thread and rethrows what it threw (assertion, assumption, anything). */
    static void onThrowawayThread(Body body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        Throwable e = failure.get();
        if (e instanceof Exception x) throw x;
        if (e instanceof Error x) throw x;
    }

    static String cwd() {
        byte[] b = new byte[4096];
        int n = Unix.getcwd(b);
        return new String(b, 0, n - 1, StandardCharsets.UTF_8);
    }

    @Test
    void chdirFchdirAndChrootAfterUnshareFs() throws Exception {
        String before = cwd();
        Files.writeString(dir.resolve("marker"), "inside");
        onThrowawayThread(() -> {
            Unix.unshare(CLONE_FS);                              // this thread gets its own cwd and root
            int back = Unix.open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            Unix.chdir(dir.toString());
            assertEquals(dir.toRealPath().toString(), cwd());
            Unix.fchdir(back);
            assertEquals(before, cwd());
            Unix.close(back);
            Assumptions.assumeTrue(root(), "chroot needs CAP_SYS_CHROOT (CI runs as root)");
            Unix.chroot(dir.toString());
            Unix.chdir("/");
            int fd = Unix.open("/marker", O_RDONLY | O_CLOEXEC, 0);
            byte[] b = new byte[16];
            assertEquals("inside", new String(b, 0, Unix.read(fd, b), StandardCharsets.UTF_8));
            Unix.close(fd);
        });
        assertEquals(before, cwd(), "the other threads kept their directory");
        assertTrue(Files.exists(Path.of("/proc/self/status")), "and their root");
    }

    @Test
    void hostnameInANewUtsNamespace() throws Exception {
        Assumptions.assumeTrue(root(), "unshare(CLONE_NEWUTS) needs CAP_SYS_ADMIN (CI runs as root)");
        String outside;
        try (Arena a = Arena.ofConfined()) {
            Utsname u = new Utsname(a);
            Unix.uname(u);
            outside = u.nodename();
        }
        onThrowawayThread(() -> {
            try {
                Unix.unshare(CLONE_NEWUTS);
            } catch (SyscallException e) {
                skipIf(e, "unshare refused in this container", Errno.EPERM);
            }
            Unix.sethostname("handoff-test".getBytes(StandardCharsets.UTF_8));
            Unix.setdomainname("handoff.test".getBytes(StandardCharsets.UTF_8));
            try (Arena a = Arena.ofConfined()) {
                Utsname u = new Utsname(a);
                Unix.uname(u);
                assertEquals("handoff-test", u.nodename());
                assertEquals("handoff.test", u.domainname());
            }
        });
        try (Arena a = Arena.ofConfined()) {
            Utsname u = new Utsname(a);
            Unix.uname(u);
            assertEquals(outside, u.nodename(), "this thread's namespace is unchanged");
        }
    }

    @Test
    void landlockSandboxesOneThread() throws Exception {
        Path inside = dir.resolve("ok");
        Files.writeString(inside, "readable");
        Path outside = Files.createTempFile("handoff-landlock", ".txt");
        try {
            onThrowawayThread(() -> {
                long readFile = 1L << 2;                             // LANDLOCK_ACCESS_FS_READ_FILE
                int ruleset;
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment attr = a.allocateFrom(ValueLayout.JAVA_LONG, readFile);  // handled_access_fs
                    try {
                        ruleset = Unix.landlockCreateRuleset(attr, 8, 0);
                    } catch (SyscallException e) {
                        skipIf(e, "landlock is not enabled", Errno.ENOSYS, Errno.EOPNOTSUPP);
                        return;
                    }
                    int parent = Unix.open(dir.toString(), O_PATH | O_CLOEXEC, 0);
                    MemorySegment rule = a.allocate(12, 8);           // struct landlock_path_beneath_attr (packed)
                    rule.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, readFile);
                    rule.set(ValueLayout.JAVA_INT_UNALIGNED, 8, parent);
                    Unix.landlockAddRule(ruleset, 1 /* LANDLOCK_RULE_PATH_BENEATH */, rule, 0);
                    Unix.close(parent);
                }
                Unix.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);         // per thread, like the sandbox
                Unix.landlockRestrictSelf(ruleset, 0);
                Unix.close(ruleset);
                Unix.close(Unix.open(inside.toString(), O_RDONLY | O_CLOEXEC, 0));
                SyscallException denied = assertThrows(SyscallException.class,
                        () -> Unix.open(outside.toString(), O_RDONLY | O_CLOEXEC, 0));
                assertTrue(denied.is(Errno.EACCES), denied.getMessage());
            });
            Unix.close(Unix.open(outside.toString(), O_RDONLY | O_CLOEXEC, 0));   // not sandboxed here
        } finally {
            Files.delete(outside);
        }
    }
}
