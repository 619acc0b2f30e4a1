package dev.handoff.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.gen.Tools;

/**
 * Every struct layout of the unix layer against the C compiler: a generated C program includes the
 * real headers and prints sizeof, _Alignof, and for every named field of the Java layout its offsetof
 * and size; the test compares them all and reports every mismatch at once.
 *
 * <p>Two structs have no userspace header and are defined in the program exactly as the kernel does:
 * linux_dirent64 (fs/readdir.c, include/linux/dirent.h) and the kernel's sigset_t (8 bytes on 64-bit,
 * not glibc's 128). The arm64 variants of stat and epoll_event are checked on amd64 against
 * asm-generic/stat.h and the unpacked epoll_event.
 */
class StructLayoutTest {
    /**
     * One struct: its C type, the Java layout, and C member designators where they differ from the Java
     * names (arm64's stat spells the timespec st_atim as two fields st_atime, st_atime_nsec: only the
     * offset of a renamed field is compared, its size follows from the next field's offset).
     */
    record Case(String ctype, MemoryLayout layout, Map<String, String> cnames) {
        Case(String ctype, MemoryLayout layout) { this(ctype, layout, Map.of()); }
    }

    static final String HOST_HEADERS = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stddef.h>
            #include <stdint.h>
            #include <fcntl.h>
            #include <time.h>
            #include <sys/time.h>
            #include <sys/stat.h>
            #include <linux/stat.h>
            #include <sys/statfs.h>
            #include <sys/epoll.h>
            #include <poll.h>
            #include <sys/uio.h>
            #include <sys/socket.h>
            #include <netinet/in.h>
            #include <sys/un.h>
            #include <sys/inotify.h>
            #include <sys/resource.h>
            #include <sys/sysinfo.h>
            #include <sys/utsname.h>
            #include <signal.h>
            #include <sys/signalfd.h>
            #include <linux/openat2.h>

            /* No userspace header declares these two: defined as the kernel does. */
            /* include/linux/dirent.h */
            struct linux_dirent64 {
                uint64_t       d_ino;
                int64_t        d_off;
                unsigned short d_reclen;
                unsigned char  d_type;
                char           d_name[];
            };
            /* include/uapi/asm-generic/signal.h and arch/x86/include/asm/signal.h: _NSIG = 64 */
            typedef struct {
                unsigned long sig[64 / (8 * sizeof(unsigned long))];
            } kernel_sigset_t;
            """;

    static List<Case> hostCases() {
        return List.of(
                new Case("struct timespec", Timespec.LAYOUT),
                new Case("struct timeval", Timeval.LAYOUT),
                new Case("struct itimerspec", Itimerspec.LAYOUT),
                new Case("struct rlimit", Rlimit.LAYOUT),
                new Case("struct rusage", Rusage.LAYOUT),
                new Case("struct sysinfo", Sysinfo.LAYOUT),
                new Case("struct utsname", Utsname.LAYOUT),
                new Case("struct stat", Stat.LAYOUT),
                new Case("struct statx", Statx.LAYOUT),
                new Case("struct statx_timestamp", StatxTimestamp.LAYOUT),
                new Case("struct statfs", Statfs.LAYOUT),
                new Case("struct epoll_event", EpollEvent.LAYOUT),
                new Case("struct pollfd", PollFd.LAYOUT),
                new Case("struct iovec", Iovec.LAYOUT),
                new Case("struct msghdr", Msghdr.LAYOUT),
                new Case("struct cmsghdr", Cmsghdr.LAYOUT),
                new Case("struct mmsghdr", Mmsghdr.LAYOUT),
                new Case("struct sockaddr_in", SockaddrIn.LAYOUT),
                new Case("struct sockaddr_in6", SockaddrIn6.LAYOUT),
                new Case("struct sockaddr_un", SockaddrUn.LAYOUT),
                new Case("struct sockaddr_storage", SockaddrAny.LAYOUT),
                new Case("struct linux_dirent64", Dirent64.LAYOUT),
                new Case("struct inotify_event", InotifyEvent.LAYOUT),
                new Case("siginfo_t", Siginfo.LAYOUT),
                new Case("struct signalfd_siginfo", SignalfdSiginfo.LAYOUT),
                new Case("kernel_sigset_t", Sigset.LAYOUT),
                new Case("struct open_how", OpenHow.LAYOUT),
                new Case("struct flock", Flock.LAYOUT),
                new Case("struct ucred", Ucred.LAYOUT),
                new Case("struct linger", Linger.LAYOUT));
    }

    static final String ARM64_HEADERS = """
            #include <stdio.h>
            #include <stddef.h>
            #include <stdint.h>
            #include <asm-generic/stat.h>
            /* arm64's epoll_event: the same fields as x86-64's, without the packing. */
            struct epoll_event_arm64 { uint32_t events; uint64_t data; };
            """;

    static List<Case> arm64Cases() {
        return List.of(
                new Case("struct stat", Stat.ARM64_LAYOUT, Map.of(
                        "st_atim", "st_atime", "st_mtim", "st_mtime", "st_ctim", "st_ctime")),
                new Case("struct epoll_event_arm64", EpollEvent.ARM64_LAYOUT));
    }

    @Test
    void hostLayoutsMatchGcc(@TempDir Path dir) throws IOException {
        assertNoMismatches(dir, "host", HOST_HEADERS, hostCases());
    }

    @Test
    void arm64LayoutsMatchAsmGeneric(@TempDir Path dir) throws IOException {
        if (!Struct.AMD64) return; // on arm64 the host test checks ARM64_LAYOUT
        assertNoMismatches(dir, "arm64", ARM64_HEADERS, arm64Cases());
    }

    @Test
    void amd64LayoutsAreTheHostsOnAmd64() {
        if (Struct.AMD64) {
            assertEquals(Stat.AMD64_LAYOUT, Stat.LAYOUT);
            assertEquals(EpollEvent.AMD64_LAYOUT, EpollEvent.LAYOUT);
        } else {
            assertEquals(Stat.ARM64_LAYOUT, Stat.LAYOUT);
            assertEquals(EpollEvent.ARM64_LAYOUT, EpollEvent.LAYOUT);
        }
    }

    static void assertNoMismatches(Path dir, String name, String headers, List<Case> cases) throws IOException {
        StringBuilder c = new StringBuilder(headers).append("\nint main(void) {\n");
        Map<String, Long> expected = new LinkedHashMap<>();
        for (Case k : cases) {
            String t = k.ctype();
            c.append("  printf(\"%s size %zu\\n\", \"").append(t).append("\", sizeof(").append(t).append("));\n");
            c.append("  printf(\"%s align %zu\\n\", \"").append(t).append("\", _Alignof(").append(t).append("));\n");
            expected.put(t + " size", k.layout().byteSize());
            expected.put(t + " align", k.layout().byteAlignment());
            for (MemoryLayout m : ((GroupLayout) k.layout()).memberLayouts()) {
                if (m instanceof PaddingLayout || m.name().isEmpty()) continue;
                String f = m.name().get();
                String cf = k.cnames().getOrDefault(f, f);
                long off = k.layout().byteOffset(MemoryLayout.PathElement.groupElement(f));
                c.append("  printf(\"%s .").append(f).append(" offset %zu\\n\", \"").append(t)
                 .append("\", offsetof(").append(t).append(", ").append(cf).append("));\n");
                expected.put(t + " ." + f + " offset", off);
                if (!cf.equals(f)) continue; // a renamed field is a different C shape: its offset is what counts
                if (m instanceof SequenceLayout q && q.elementCount() == 0) continue; // flexible array: no sizeof
                c.append("  printf(\"%s .").append(f).append(" size %zu\\n\", \"").append(t)
                 .append("\", sizeof(((").append(t).append(" *)0)->").append(cf).append("));\n");
                expected.put(t + " ." + f + " size", m.byteSize());
            }
        }
        c.append("  return 0;\n}\n");
        Path src = dir.resolve(name + ".c");
        Path exe = dir.resolve(name);
        Files.writeString(src, c);
        Tools.run(List.of(Tools.cc(), "-std=gnu11", "-Wall", "-o", exe.toString(), src.toString()));
        String out = Tools.run(List.of(exe.toString()));

        List<String> mismatches = new ArrayList<>();
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.lastIndexOf(' ');
            actual.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
        }
        for (var e : expected.entrySet()) {
            Long gcc = actual.get(e.getKey());
            if (gcc == null) mismatches.add(e.getKey() + ": not printed by the C program");
            else if (gcc.longValue() != e.getValue()) {
                mismatches.add(e.getKey() + ": Java " + e.getValue() + ", gcc " + gcc);
            }
        }
        assertEquals(expected.size(), actual.size(), "lines printed by the C program");
        System.out.println("StructLayoutTest " + name + ": " + cases.size() + " structs, " + expected.size()
                + " sizes/alignments/offsets compared with " + Tools.cc());
        assertTrue(mismatches.isEmpty(), name + " layouts differ from gcc:\n  " + String.join("\n  ", mismatches));
    }

    /** Every Struct subclass in the package has its LAYOUT checked above: a new class cannot be forgotten. */
    @Test
    void everyStructClassIsChecked() throws Exception {
        Path pkg = Path.of("src/main/java/dev/handoff/unix");
        List<String> missing = new ArrayList<>();
        int n = 0;
        try (var files = Files.list(pkg)) {
            for (Path f : files.sorted().toList()) {
                if (!Files.readString(f).contains(" extends Struct ")) continue;
                String cls = "dev.handoff.unix." + f.getFileName().toString().replace(".java", "");
                Object layout = Class.forName(cls).getField("LAYOUT").get(null);
                assertTrue(layout instanceof StructLayout, cls + ".LAYOUT is a StructLayout");
                n++;
                if (hostCases().stream().noneMatch(k -> k.layout() == layout)) missing.add(cls);
            }
        }
        assertTrue(n >= 30, "found only " + n + " struct classes under " + pkg.toAbsolutePath());
        assertTrue(missing.isEmpty(), "struct classes without a layout check: " + missing);
    }
}
