package dev.handoff.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.unix.ZConstants;

/**
 * The committed ZConstants.java is what the generator makes from this machine's headers, and a
 * sample of its constants (at least one per family, the enumerator-backed, 64-bit, negative and
 * high-bit ones among them) equals what a C program compiled against the same headers prints.
 */
class ZConstantsTest {
    @Test
    void committedFileIsUpToDate() throws IOException {
        String committed = Files.readString(MkConstants.OUT);
        String fresh = MkConstants.generate();
        assertEquals(fresh, committed, "ZConstants.java is stale: run " + MkConstants.COMMAND);
    }

    /** Names checked against glibc's headers (the ones a C program using glibc would use); JAVA=C where they differ. */
    static final List<String> GLIBC_NAMES = List.of(
            "O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_CLOEXEC",
            "O_DIRECTORY", "O_NOFOLLOW", "O_PATH", "O_TMPFILE", "O_DIRECT",
            "AT_FDCWD", "AT_REMOVEDIR", "AT_SYMLINK_NOFOLLOW", "AT_EMPTY_PATH", "AT_STATX_SYNC_AS_STAT",
            "F_GETFL", "F_SETFL", "F_DUPFD_CLOEXEC", "F_OFD_SETLK", "FD_CLOEXEC",
            "S_IFMT", "S_IFREG", "S_IFDIR", "S_IRUSR", "S_IRWXU", "S_ISVTX", "UTIME_NOW", "UTIME_OMIT",
            "SEEK_SET", "SEEK_END", "SEEK_HOLE", "PATH_MAX", "DT_DIR", "DT_REG",
            "RENAME_NOREPLACE", "RENAME_EXCHANGE", "FALLOC_FL_KEEP_SIZE", "FALLOC_FL_PUNCH_HOLE",
            "POSIX_FADV_SEQUENTIAL", "POSIX_FADV_DONTNEED", "SPLICE_F_MOVE", "SPLICE_F_NONBLOCK",
            "SYNC_FILE_RANGE_WRITE", "LOCK_EX", "LOCK_NB", "XATTR_CREATE", "XATTR_REPLACE",
            "PROT_READ", "PROT_WRITE", "PROT_EXEC", "MAP_SHARED", "MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_FIXED_NOREPLACE",
            "MADV_DONTNEED", "MADV_FREE", "MCL_CURRENT", "MCL_ONFAULT", "MLOCK_ONFAULT",
            "MREMAP_MAYMOVE", "MS_ASYNC", "MS_SYNC", "MS_INVALIDATE", "MFD_CLOEXEC", "MFD_ALLOW_SEALING",
            "EPOLLIN", "EPOLLOUT", "EPOLLET", "EPOLLONESHOT", "EPOLLEXCLUSIVE", "EPOLL_CLOEXEC", "EPOLL_CTL_ADD",
            "EFD_CLOEXEC", "EFD_NONBLOCK", "EFD_SEMAPHORE", "TFD_CLOEXEC", "TFD_TIMER_ABSTIME", "SFD_NONBLOCK",
            "IN_CREATE", "IN_ONESHOT", "IN_ISDIR", "IN_CLOEXEC", "POLLIN", "POLLOUT", "POLLRDHUP",
            "AF_UNIX", "AF_INET", "AF_INET6", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_NONBLOCK", "SOCK_CLOEXEC",
            "SOL_SOCKET", "SOL_TCP", "SO_REUSEADDR", "SO_REUSEPORT", "SO_RCVBUF", "SO_ERROR", "SCM_RIGHTS",
            "IPPROTO_TCP", "IPPROTO_UDP", "IPPROTO_IPV6", "TCP_NODELAY", "TCP_KEEPIDLE", "IPV6_V6ONLY", "IP_TOS",
            "MSG_PEEK", "MSG_DONTWAIT", "MSG_NOSIGNAL", "MSG_WAITFORONE", "MSG_CMSG_CLOEXEC", "SHUT_RDWR",
            "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_BOOTTIME", "TIMER_ABSTIME",
            "SIGHUP", "SIGINT", "SIGKILL", "SIGCHLD", "SIGPIPE", "SIGURG", "SIGSYS", "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK",
            "SA_RESTART", "SA_SIGINFO", "SA_ONSTACK", "MNT_DETACH", "MNT_FORCE", "UMOUNT_NOFOLLOW",
            "WNOHANG", "WEXITED", "WSTOPPED", "WNOWAIT", "WCONTINUED", "P_ALL", "P_PID", "P_PIDFD",
            "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "SI_USER", "SI_QUEUE", "SI_TKILL", "SI_KERNEL", "RLIMIT_NOFILE", "RLIMIT_AS", "RLIM_INFINITY",
            "RUSAGE_SELF", "RUSAGE_CHILDREN", "RUSAGE_THREAD", "PR_SET_NAME", "PR_GET_NAME", "PR_SET_PDEATHSIG",
            "PR_SET_NO_NEW_PRIVS", "GRND_NONBLOCK", "GRND_RANDOM", "GRND_INSECURE",
            "CLONE_NEWNS", "CLONE_NEWUSER", "CLONE_NEWNET", "CLONE_IO", "CLONE_PIDFD",
            "PRIO_PROCESS", "PRIO_MIN", "SCHED_OTHER", "SCHED_FIFO", "ITIMER_REAL", "ITIMER_PROF",
            "IPC_PRIVATE", "IPC_CREAT", "IPC_RMID", "SHM_RDONLY", "WALL=__WALL", "WCLONE=__WCLONE");

    /** Names checked against the kernel's uapi headers (what glibc does not have, or has differently). */
    static final List<String> KERNEL_NAMES = List.of(
            "O_LARGEFILE", "STATX_BASIC_STATS", "STATX_BTIME", "STATX_ATTR_VERITY", "RESOLVE_BENEATH",
            "RESOLVE_IN_ROOT", "PIDFD_NONBLOCK", "CLOSE_RANGE_CLOEXEC", "CLOSE_RANGE_UNSHARE",
            "CLONE_INTO_CGROUP", "CLONE_CLEAR_SIGHAND", "MS_RDONLY", "MS_BIND", "MS_REC", "MS_NOUSER",
            "MOUNT_ATTR_RDONLY", "MAP_HUGE_1GB", "MAP_32BIT", "SA_RESTORER", "MOVE_MOUNT_F_EMPTY_PATH",
            "IORING_SETUP_SQPOLL", "IORING_SETUP_SINGLE_ISSUER", "IORING_ENTER_GETEVENTS",
            "IORING_FEAT_SINGLE_MMAP", "IORING_OFF_SQ_RING", "IORING_OFF_SQES", "IORING_OFF_MMAP_MASK",
            "IORING_OP_NOP", "IORING_OP_READ", "IORING_OP_SEND_ZC", "IORING_REGISTER_BUFFERS",
            "IORING_UNREGISTER_FILES", "IORING_REGISTER_RING_FDS", "IORING_FILE_INDEX_ALLOC",
            "IORING_NOTIF_USAGE_ZC_COPIED", "IOSQE_IO_LINK", "IOSQE_FIXED_FILE",
            "MEMBARRIER_CMD_QUERY", "MEMBARRIER_CMD_PRIVATE_EXPEDITED", "LINUX_CAPABILITY_VERSION_3=_LINUX_CAPABILITY_VERSION_3",
            "CAP_SYS_ADMIN", "CAP_SETGID", "LANDLOCK_CREATE_RULESET_VERSION", "LANDLOCK_ACCESS_FS_READ_FILE",
            "LANDLOCK_RULE_PATH_BENEATH", "TMPFS_MAGIC", "BTRFS_SUPER_MAGIC", "BPF_FS_MAGIC");

    static final String GLIBC_PROGRAM_HEADERS = """
            #define _GNU_SOURCE
            #include <fcntl.h>
            #include <unistd.h>
            #include <stdio.h>
            #include <limits.h>
            #include <dirent.h>
            #include <sys/stat.h>
            #include <sys/mman.h>
            #include <sys/socket.h>
            #include <netinet/in.h>
            #include <netinet/tcp.h>
            #include <sys/epoll.h>
            #include <sys/eventfd.h>
            #include <sys/timerfd.h>
            #include <sys/signalfd.h>
            #include <sys/inotify.h>
            #include <poll.h>
            #include <time.h>
            #include <signal.h>
            #include <sys/wait.h>
            #include <sys/resource.h>
            #include <sys/random.h>
            #include <sys/file.h>
            #include <sys/xattr.h>
            #include <sched.h>
            #include <sys/prctl.h>
            #include <sys/mount.h>
            #include <sys/time.h>
            #include <sys/ipc.h>
            #include <sys/shm.h>
            """;

    static final String KERNEL_PROGRAM_HEADERS = """
            #include <stdio.h>
            #include <linux/fcntl.h>
            #include <linux/stat.h>
            #include <linux/openat2.h>
            #include <linux/pidfd.h>
            #include <linux/close_range.h>
            #include <linux/sched.h>
            #include <linux/mount.h>
            #include <linux/fs.h>
            #include <linux/io_uring.h>
            #include <linux/mman.h>
            #include <asm/signal.h>
            #include <linux/membarrier.h>
            #include <linux/capability.h>
            #include <linux/landlock.h>
            #include <linux/magic.h>
            """;

    @Test
    void sampleMatchesTheCCompilerOnGlibcHeaders(@TempDir Path dir) throws Exception {
        assertMatchesC(dir, "glibc", GLIBC_PROGRAM_HEADERS, GLIBC_NAMES);
    }

    @Test
    void sampleMatchesTheCCompilerOnKernelHeaders(@TempDir Path dir) throws Exception {
        assertMatchesC(dir, "kernel", KERNEL_PROGRAM_HEADERS, KERNEL_NAMES);
    }

    private static void assertMatchesC(Path dir, String name, String headers, List<String> names) throws Exception {
        StringBuilder c = new StringBuilder(headers).append("int main(void) {\n");
        for (String entry : names) {
            String n = entry.replaceFirst("=.*", ""), cn = entry.replaceFirst(".*=", "");
            c.append("  printf(\"%s %zu %lld\\n\", \"").append(n).append("\", sizeof(").append(cn)
             .append("), (long long) (").append(cn).append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path src = dir.resolve(name + ".c");
        Path exe = dir.resolve(name);
        Files.writeString(src, c);
        Tools.run(List.of(Tools.cc(), "-o", exe.toString(), src.toString()));
        String[] lines = Tools.run(List.of(exe.toString())).split("\n");
        assertEquals(names.size(), lines.length);

        List<String> wrong = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            String n = f[0];
            int size = Integer.parseInt(f[1]);
            long cValue = Long.parseLong(f[2]);
            Field field;
            try {
                field = ZConstants.class.getField(n);
            } catch (NoSuchFieldException e) {
                wrong.add(n + ": missing from ZConstants");
                continue;
            }
            boolean isLong = field.getType() == long.class;
            long java = isLong ? field.getLong(null) : field.getInt(null);
            boolean ok = size == 4 && !isLong ? (int) java == (int) cValue // same 32 bits (EPOLLET)
                    : java == cValue; // 64-bit, or a wide family's long: exactly the C value (an int widened)
            if (!ok) wrong.add(n + ": Java " + field.getType() + " " + java + ", C " + size + "-byte " + cValue);
        }
        System.out.println("ZConstantsTest " + name + ": " + names.size() + " constants compared with " + Tools.cc());
        assertTrue(wrong.isEmpty(), name + " constants differ from C:\n  " + String.join("\n  ", wrong));
    }
}
