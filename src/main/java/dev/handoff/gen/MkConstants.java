package dev.handoff.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.handoff.gen.Macros.CValue;

/**
 * Generates {@code dev.handoff.unix.ZConstants}: the constants the unix layer's calls take (O_*, AT_*,
 * EPOLL*, MAP_*, SOCK_*, SIG*, ...), read from the build machine's headers. Go's mkerrors, for the
 * constants only (errnos are MkTables').
 *
 * <p>Sources. Three preprocessor runs through {@link Macros}, kept apart so glibc's and the kernel's
 * headers never meet in one translation unit (they redefine each other's names):
 * <ol>
 * <li>the kernel's uapi headers ({@link #KERNEL}), for linux/amd64 as installed; these win for every
 *     name they define, because these values are what the system calls take (glibc's O_LARGEFILE is
 *     0 on 64-bit, the kernel's 0x8000, which the kernel reports back in F_GETFL);</li>
 * <li>glibc's headers with _GNU_SOURCE ({@link #GLIBC}), for the names uapi does not export
 *     (SOCK_NONBLOCK, MSG_*, SHUT_*, S_I*, SEEK_*, POSIX_FADV_*, SPLICE_F_*, EFD_*, TFD_*, ...); many of
 *     them are enumerators, which Macros reads;</li>
 * <li>the asm-generic headers arm64 uses, with arm64's own overrides ({@link #ARM64}), to find the
 *     names whose value differs on linux/arm64: those become {@code AMD64 ? a : b}.</li>
 * </ol>
 *
 * <p>Types: a constant whose C type is 32-bit, or whose 64-bit value fits in an int, is a Java
 * {@code int}; anything else is a {@code long} ({@code CLONE_INTO_CGROUP}, {@code IORING_OFF_MMAP_MASK}).
 * A 64-bit value in int range widens back to exactly the C value ({@code RLIM_INFINITY} is int -1,
 * all ones as a long). A 32-bit unsigned value above 0x7fffffff keeps its bits as a negative int
 * ({@code EPOLLET = 0x80000000}, {@code IN_ONESHOT}, {@code CLONE_IO}): right for the 32-bit fields and
 * arguments it belongs to, but where a call takes it in a 64-bit argument use
 * {@code Integer.toUnsignedLong}, as C would zero-extend it. Rejected: making those {@code long}, which
 * would force a cast in every {@code events(EPOLLIN | EPOLLET)}.
 *
 * <p>Rejected: evaluating every constant by compiling and running a C program that prints it (it
 * would handle every expression, but then the spot check against the compiler would compare the
 * compiler with itself, and the generator would need a working cc and a runnable binary instead of
 * only the preprocessor); one translation unit with glibc and uapi headers together (they redefine
 * each other: struct flock, MS_*, the sigset_t of asm/signal.h); hand-written arm64 tables.
 *
 * <p>Run: {@code ./handoff run mkconstants}; {@code ZConstantsTest} regenerates in memory and fails on
 * any difference with the committed file.
 */
public final class MkConstants {
    private MkConstants() {}

    public static final String COMMAND = "./handoff run mkconstants";
    public static final Path OUT = Path.of("src/main/java/dev/handoff/unix/ZConstants.java");

    /** The kernel's uapi headers (linux-libc-dev). */
    static final List<String> KERNEL = List.of(
            "linux/fcntl.h", "linux/stat.h", "linux/openat2.h", "linux/io_uring.h", "linux/mman.h",
            "linux/memfd.h", "linux/prctl.h", "linux/close_range.h", "linux/pidfd.h", "linux/mount.h",
            "linux/fs.h", "linux/falloc.h", "linux/wait.h", "linux/sched.h", "linux/eventpoll.h",
            "linux/inotify.h", "linux/random.h", "linux/limits.h", "linux/xattr.h", "linux/resource.h",
            "linux/time.h", "linux/signal.h", "linux/socket.h", "asm/socket.h", "linux/in.h", "linux/in6.h",
            "linux/tcp.h", "linux/poll.h", "linux/signalfd.h", "linux/un.h", "linux/fadvise.h", "linux/membarrier.h",
            "linux/landlock.h", "linux/capability.h", "linux/ipc.h", "linux/shm.h", "linux/magic.h");

    /** glibc's headers (libc6-dev), for what uapi does not export. */
    static final List<String> GLIBC = List.of(
            "fcntl.h", "unistd.h", "stdio.h", "limits.h", "dirent.h", "sys/stat.h", "sys/mman.h",
            "sys/socket.h", "netinet/in.h", "netinet/tcp.h", "sys/un.h", "sys/epoll.h", "sys/eventfd.h",
            "sys/timerfd.h", "sys/signalfd.h", "sys/inotify.h", "poll.h", "time.h", "signal.h", "sys/wait.h",
            "sys/resource.h", "sys/random.h", "sys/file.h", "sys/xattr.h", "sched.h", "sys/mount.h",
            "sys/prctl.h", "sys/uio.h");

    /**
     * What arm64's uapi asm/ headers amount to: asm-generic with the overrides of
     * arch/arm64/include/uapi/asm/{fcntl,mman,signal}.h (Linux 6.1), which are not installed on amd64.
     */
    static final List<String> ARM64 = List.of(
            "asm-generic/fcntl.h", "asm-generic/mman.h", "asm-generic/signal.h", "asm-generic/socket.h",
            "asm-generic/poll.h", "asm-generic/resource.h");
    static final List<String> ARM64_DEFINES = List.of(
            "O_DIRECTORY=040000", "O_NOFOLLOW=0100000", "O_DIRECT=0200000", "O_LARGEFILE=0400000",
            "PROT_BTI=0x10", "PROT_MTE=0x20", "SA_RESTORER=0x04000000");
    /** Names of x86's asm/ headers that arm64 does not have at all. */
    static final Set<String> AMD64_ONLY = Set.of("MAP_32BIT");
    /** Names of arm64's asm/ headers that amd64 does not have at all. */
    static final Set<String> ARM64_ONLY = Set.of("PROT_BTI", "PROT_MTE");

    /**
     * A family of constants: a heading, the names (regex), names to leave out, how to print values
     * ({@code decimal}: numbers, not flags), and whether every value is a {@code long} ({@code wide}:
     * for 32-bit C constants compared with 64-bit fields, such as the filesystem magics of f_type).
     */
    record Family(String heading, Pattern names, Set<String> exclude, boolean decimal, boolean wide) {}

    /** Never emitted: reserved or private names (a double underscore inside, STATX__RESERVED), and netinet/in.h's IN_CLASS* address macros that share inotify's prefix. */
    static final Pattern NEVER = Pattern.compile(".+__.*|IN_CLASS[A-E]_[A-Z]+|IN_LOOPBACKNET|IN_MULTICAST_NET|POLL_[A-Z]+");

    private static Family flags(String heading, String regex, String... exclude) {
        return new Family(heading, Pattern.compile(regex), Set.of(exclude), false, false);
    }

    private static Family numbers(String heading, String regex, String... exclude) {
        return new Family(heading, Pattern.compile(regex), Set.of(exclude), true, false);
    }

    private static Family wide(String heading, String regex, String... exclude) {
        return new Family(heading, Pattern.compile(regex), Set.of(exclude), false, true);
    }

    /** The families, in output order; a name belongs to the first family that matches it. */
    static final List<Family> FAMILIES = List.of(
            flags("open(2), openat2(2), fcntl(2) F_GETFL: O_*", "O_[A-Z0-9_]+"),
            flags("*at(2) directory fd and flags: AT_*", "AT_[A-Z0-9_]+"),
            numbers("fcntl(2) commands and arguments: F_*, FD_CLOEXEC", "F_[A-Z0-9_]+|FD_CLOEXEC"),
            flags("openat2(2) resolve flags: RESOLVE_*", "RESOLVE_[A-Z0-9_]+"),
            flags("statx(2) masks and attributes: STATX_*", "STATX_[A-Z0-9_]+"),
            flags("File type and mode bits: S_IF*, S_I*", "S_I(F[A-Z]+|S(UID|GID|VTX)|RWX[UGO]|[RWX](USR|GRP|OTH))"),
            flags("utimensat(2) special times: UTIME_*", "UTIME_(NOW|OMIT)"),
            numbers("lseek(2): SEEK_*", "SEEK_[A-Z]+"),
            numbers("Limits: PATH_MAX", "PATH_MAX"),
            numbers("getdents64(2) d_type: DT_*", "DT_[A-Z]+"),
            flags("renameat2(2): RENAME_*", "RENAME_[A-Z]+"),
            flags("fallocate(2): FALLOC_FL_*", "FALLOC_FL_[A-Z0-9_]+"),
            numbers("fadvise64(2): POSIX_FADV_*", "POSIX_FADV_[A-Z]+"),
            flags("splice(2), tee(2), vmsplice(2): SPLICE_F_*", "SPLICE_F_[A-Z]+"),
            flags("sync_file_range(2): SYNC_FILE_RANGE_*", "SYNC_FILE_RANGE_[A-Z_]+"),
            flags("flock(2): LOCK_*", "LOCK_(SH|EX|NB|UN)"),
            flags("Extended attributes: XATTR_*", "XATTR_(CREATE|REPLACE|SIZE_MAX|NAME_MAX|LIST_MAX)"),
            flags("close_range(2): CLOSE_RANGE_*", "CLOSE_RANGE_[A-Z]+"),
            flags("mmap(2): PROT_*", "PROT_[A-Z_]+"),
            flags("mmap(2): MAP_*", "MAP_[A-Z0-9_]+"),
            numbers("madvise(2): MADV_*", "MADV_[A-Z_]+"),
            flags("mlockall(2), mlock2(2): MCL_*, MLOCK_*", "MCL_[A-Z]+|MLOCK_ONFAULT"),
            flags("mremap(2): MREMAP_*", "MREMAP_[A-Z]+"),
            flags("msync(2) MS_ASYNC/MS_INVALIDATE/MS_SYNC, and mount(2) MS_*", "MS_[A-Z_]+"),
            flags("mount(2), umount2(2), the new mount API: MNT_*, UMOUNT_*, MOUNT_ATTR_*, MOVE_MOUNT_*, FSOPEN_*, FSMOUNT_*, OPEN_TREE_*",
                    "MNT_[A-Z_]+|UMOUNT_[A-Z_]+|MOUNT_ATTR_[A-Z0-9_]+|MOVE_MOUNT_[A-Z_]+|FSOPEN_[A-Z_]+|FSMOUNT_[A-Z_]+|OPEN_TREE_[A-Z_]+"),
            flags("memfd_create(2): MFD_*", "MFD_[A-Z0-9_]+"),
            flags("epoll(7): EPOLL*", "EPOLL[A-Z_]*"),
            flags("eventfd2(2): EFD_*", "EFD_[A-Z]+"),
            flags("timerfd(2): TFD_*", "TFD_[A-Z_]+"),
            flags("signalfd4(2): SFD_*", "SFD_[A-Z]+"),
            flags("inotify(7): IN_*", "IN_[A-Z_]+"),
            flags("poll(2): POLL*", "POLL[A-Z_]+"),
            numbers("socket(2) domains: AF_*", "AF_[A-Z0-9_]+"),
            flags("socket(2) types and flags: SOCK_*", "SOCK_[A-Z_]+"),
            numbers("setsockopt(2) levels: SOL_*", "SOL_[A-Z0-9_]+"),
            numbers("setsockopt(2) SOL_SOCKET options: SO_*, SCM_*", "SO_[A-Z0-9_]+|SCM_[A-Z_]+"),
            numbers("Protocols: IPPROTO_*", "IPPROTO_[A-Z0-9_]+"),
            numbers("IPPROTO_TCP options: TCP_*", "TCP_(NODELAY|MAXSEG|CORK|KEEPIDLE|KEEPINTVL|KEEPCNT|SYNCNT|LINGER2|DEFER_ACCEPT|WINDOW_CLAMP|INFO|QUICKACK|CONGESTION|USER_TIMEOUT|FASTOPEN|FASTOPEN_CONNECT|NOTSENT_LOWAT)"),
            numbers("IPPROTO_IP and IPPROTO_IPV6 options: IP_*, IPV6_* (a useful subset)",
                    "IP_(TOS|TTL|MULTICAST_IF|MULTICAST_TTL|MULTICAST_LOOP|ADD_MEMBERSHIP|DROP_MEMBERSHIP|RECVERR|PKTINFO|FREEBIND|TRANSPARENT|BIND_ADDRESS_NO_PORT)|IPV6_(V6ONLY|UNICAST_HOPS|MULTICAST_IF|MULTICAST_HOPS|MULTICAST_LOOP|JOIN_GROUP|LEAVE_GROUP|RECVPKTINFO|PKTINFO|TCLASS|RECVERR)"),
            flags("send/recv flags: MSG_*", "MSG_[A-Z_]+"),
            numbers("shutdown(2): SHUT_*", "SHUT_(RD|WR|RDWR)"),
            numbers("Clocks: CLOCK_*, TIMER_ABSTIME", "CLOCK_[A-Z_]+|TIMER_ABSTIME"),
            numbers("Signals: SIG*, SIG_BLOCK/SIG_UNBLOCK/SIG_SETMASK", "SIG[A-Z]+[0-9]*|SIG_(BLOCK|UNBLOCK|SETMASK)",
                    "SIGSTKSZ", "SIGRTMIN", "SIGRTMAX", "SIGEV_NONE", "SIGEV_SIGNAL", "SIGEV_THREAD", "SIGEV_THREAD_ID",
                    "SIGUNUSED"),
            flags("sigaction(2): SA_*", "SA_[A-Z]+"),
            flags("wait4(2), waitid(2): W*, P_* (the headers' __WALL, __WCLONE, __WNOTHREAD as Go names them)", "W(NOHANG|UNTRACED|STOPPED|EXITED|CONTINUED|NOWAIT|NOTHREAD|ALL|CLONE)|__W(ALL|CLONE|NOTHREAD)|P_(ALL|PID|PGID|PIDFD)"),
            numbers("siginfo si_code: SI_*, and SIGCHLD's CLD_*", "SI_(USER|KERNEL|QUEUE|TIMER|MESGQ|ASYNCIO|SIGIO|TKILL|DETHREAD|ASYNCNL)|CLD_[A-Z]+"),
            numbers("getrlimit(2), prlimit64(2): RLIMIT_*, RLIM_INFINITY", "RLIMIT_[A-Z]+|RLIM_INFINITY", "RLIMIT_NLIMITS", "RLIM_NLIMITS"),
            numbers("getrusage(2): RUSAGE_*", "RUSAGE_[A-Z]+"),
            numbers("prctl(2): PR_*", "PR_[A-Z0-9_]+"),
            flags("getrandom(2): GRND_*", "GRND_[A-Z]+"),
            flags("clone(2), unshare(2), setns(2): CLONE_*", "CLONE_[A-Z_]+"),
            flags("pidfd_open(2): PIDFD_NONBLOCK", "PIDFD_NONBLOCK"),
            numbers("getpriority(2), setpriority(2): PRIO_*", "PRIO_(PROCESS|PGRP|USER|MIN|MAX)"),
            numbers("sched_setscheduler(2): SCHED_*", "SCHED_(OTHER|NORMAL|FIFO|RR|BATCH|IDLE|DEADLINE|RESET_ON_FORK|FLAG_[A-Z_]+)"),
            numbers("setitimer(2): ITIMER_*", "ITIMER_(REAL|VIRTUAL|PROF)"),
            numbers("membarrier(2): MEMBARRIER_CMD_*", "MEMBARRIER_CMD_[A-Z_]+"),
            numbers("capget(2), capset(2): LINUX_CAPABILITY_* (the headers' _LINUX_CAPABILITY_*, as Go names them), CAP_*",
                    "_LINUX_CAPABILITY_(VERSION|U32S)_[1-3]|CAP_[A-Z_]+"),
            flags("landlock(7): LANDLOCK_*", "LANDLOCK_[A-Z_]+"),
            flags("System V IPC: IPC_*, SHM_*, SEM_UNDO",
                    "IPC_(PRIVATE|CREAT|EXCL|NOWAIT|RMID|SET|STAT|INFO)|SHM_(RDONLY|RND|REMAP|EXEC|LOCK|UNLOCK|HUGETLB|NORESERVE|STAT|INFO)|SEM_UNDO"),
            wide("statfs(2) f_type: filesystem magics (long, as f_type is)",
                    "(TMPFS|EXT4_SUPER|BTRFS_SUPER|XFS_SUPER|PROC_SUPER|SYSFS|CGROUP_SUPER|CGROUP2_SUPER|OVERLAYFS_SUPER|NFS_SUPER|SQUASHFS|RAMFS|DEVPTS_SUPER|ANON_INODE_FS|PIPEFS|SOCKFS|NSFS|BPF_FS|TRACEFS|DEBUGFS|HUGETLBFS|FUSE_SUPER|ZONEFS|EFIVARFS|SECURITYFS|SELINUX|MSDOS_SUPER|ISOFS_SUPER)_MAGIC"),
            numbers("io_uring(7) opcodes: IORING_OP_*, IORING_REGISTER_*, IORING_UNREGISTER_*, IORING_RESTRICTION_*, IORING_MSG_*",
                    "IORING_(OP|REGISTER|UNREGISTER|RESTRICTION)_[A-Z0-9_]+|IORING_MSG_(DATA|SEND_FD)",
                    "IORING_OP_LAST", "IORING_REGISTER_LAST", "IORING_RESTRICTION_LAST"),
            flags("io_uring(7) flags and offsets: IORING_*, IOSQE_*", "IORING_[A-Z0-9_]+|IOSQE_[A-Z_]+"));

    /** Writes ZConstants.java under the project root. */
    public static void write(Path root) throws IOException {
        Files.writeString(root.resolve(OUT), generate());
    }

    /** One constant: its value on each architecture (empty: the architecture lacks it), its family. */
    record Constant(String name, Optional<CValue> amd64, Optional<CValue> arm64) {
        String javaName() { return MkConstants.javaName(name); }
    }

    /** The Java name: the C name without leading underscores, as Go's (_LINUX_CAPABILITY_VERSION_3, __WALL). */
    static String javaName(String c) { return c.replaceFirst("^_+", ""); }

    public static String generate() throws IOException {
        Macros kernel = Macros.of(KERNEL, List.of());
        Macros glibc = Macros.of(GLIBC, List.of("_GNU_SOURCE"));
        Macros arm64 = Macros.of(ARM64, ARM64_DEFINES);

        Map<String, String> taken = new HashMap<>(); // Java name -> C name: a name belongs to its first family
        Map<Family, List<Constant>> out = new LinkedHashMap<>();
        for (Family f : FAMILIES) {
            TreeSet<String> names = new TreeSet<>();
            for (Macros m : List.of(kernel, glibc)) {
                names.addAll(m.names(f.names()));
                names.addAll(m.enumNames(f.names()));
            }
            for (String n : ARM64_ONLY) if (f.names().matcher(n).matches()) names.add(n);
            List<Constant> cs = new ArrayList<>();
            for (String n : names) {
                if (f.exclude().contains(n) || NEVER.matcher(n).matches()) continue;
                String earlier = taken.get(javaName(n));
                if (earlier != null) {
                    if (!earlier.equals(n)) throw new IllegalStateException(n + " and " + earlier + " would both be " + javaName(n));
                    continue; // in an earlier family already
                }
                Optional<CValue> a = ARM64_ONLY.contains(n) ? Optional.empty() : kernel.typedValue(n).or(() -> glibc.typedValue(n));
                if (a.isEmpty() && !ARM64_ONLY.contains(n)) continue; // not an integer (a pointer, a call, a string)
                Optional<CValue> b = AMD64_ONLY.contains(n) ? Optional.empty() : arm64.typedValue(n).or(() -> a);
                Constant c = new Constant(n, a, b);
                taken.put(c.javaName(), n);
                cs.add(c);
            }
            out.put(f, cs);
        }
        return render(out);
    }

    private static String render(Map<Family, List<Constant>> families) {
        StringBuilder b = new StringBuilder();
        b.append("// Code generated by `").append(COMMAND).append("` from Linux uapi and glibc headers. DO NOT EDIT.\n")
         .append("// Inputs: linux-libc-dev ").append(Tools.debVersion("linux-libc-dev")).append(", libc6 ")
         .append(Tools.debVersion("libc6")).append(".\n\n");
        b.append("package dev.handoff.unix;\n\n");
        int total = families.values().stream().mapToInt(List::size).sum();
        b.append("""
                /**
                 * The constants of the unix layer's system calls (%d of them), as the kernel's uapi headers and
                 * glibc define them: {@code import static dev.handoff.unix.Unix.*;} then {@code O_RDONLY | O_CLOEXEC}.
                 * Values are linux/amd64's; a constant that differs on linux/arm64 is {@code AMD64 ? a : b}, and a
                 * constant one architecture lacks is 0 there (noted on the line). An {@code int} holds every
                 * constant whose C type is 32-bit or whose value fits in an int; the rest are {@code long}. A
                 * 32-bit unsigned constant above 0x7fffffff (EPOLLET, IN_ONESHOT, CLONE_IO) is a negative int with
                 * the C bits: pass it through {@code Integer.toUnsignedLong} where a call takes a 64-bit value.
                 * Generated by {@link dev.handoff.gen.MkConstants}.
                 */
                public abstract class ZConstants {
                    ZConstants() {}

                    private static final boolean AMD64 = "amd64".equals(System.getProperty("os.arch"));
                """.formatted(total));
        for (var e : families.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            b.append("\n    // ").append(e.getKey().heading()).append("\n");
            for (Constant c : e.getValue()) b.append(line(c, e.getKey()));
        }
        b.append("}\n");
        return b.toString();
    }

    private static String line(Constant c, Family f) {
        boolean decimal = f.decimal();
        boolean isLong = f.wide() || c.amd64().map(v -> !fitsInt(v)).orElse(false) || c.arm64().map(v -> !fitsInt(v)).orElse(false);
        String type = isLong ? "long" : "int";
        String a = c.amd64().map(v -> literal(v, isLong, decimal)).orElse("0");
        String r = c.arm64().map(v -> literal(v, isLong, decimal)).orElse("0");
        String value = a.equals(r) ? a : "AMD64 ? " + a + " : " + r;
        String note = c.amd64().isEmpty() ? " // linux/arm64 only" : c.arm64().isEmpty() ? " // linux/amd64 only" : "";
        return "    public static final " + type + " " + c.javaName() + " = " + value + ";" + note + "\n";
    }

    /** True when the constant can be a Java int: a 32-bit C type, or a 64-bit value in int's range. */
    static boolean fitsInt(CValue v) {
        return v.bits() == 32 || (v.value() >= Integer.MIN_VALUE && v.value() <= Integer.MAX_VALUE);
    }

    /**
     * The Java literal: decimal for small values (below 10, or below 4096 in a family of numbers) and
     * for small negative ones (AT_FDCWD = -100); hex for the rest, with the C bits.
     */
    static String literal(CValue v, boolean asLong, boolean decimal) {
        long x = asLong ? v.value() : (int) v.value();
        boolean small = x > -4096 && x < (decimal ? 4096 : 10);
        if (!asLong) return small ? Integer.toString((int) x) : "0x" + Integer.toHexString((int) x);
        return (small ? Long.toString(x) : "0x" + Long.toHexString(x)) + "L";
    }
}
