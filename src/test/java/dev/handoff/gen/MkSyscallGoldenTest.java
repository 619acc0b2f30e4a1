package dev.handoff.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Declarations in, expected Java (or expected error) out: src/test/resources/mksyscall/kinds.sys must
 * give kinds.java.golden byte for byte, and each line of errors.txt its exact error.
 * {@code -Dmksyscall.update=true} rewrites kinds.java.golden (then review the diff).
 */
class MkSyscallGoldenTest {
    static final Path DIR = Path.of("src/test/resources/mksyscall");

    @Test
    void kindsGiveTheGoldenJava() throws IOException {
        String out = MkSyscall.javaOf("kinds.sys", Files.readString(DIR.resolve("kinds.sys")));
        Path golden = DIR.resolve("kinds.java.golden");
        if (Boolean.getBoolean("mksyscall.update")) Files.writeString(golden, out);
        assertEquals(Files.readString(golden), out);
    }

    @Test
    void badLinesGiveTheGoldenErrors() throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("errors.txt"));
        List<String[]> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("in: ")) cases.add(new String[] {lines.get(i).substring(4), lines.get(i + 1).substring(5)});
        }
        assertTrue(cases.size() >= 15, "errors.txt has its cases");
        StringBuilder wrong = new StringBuilder();
        for (String[] c : cases) {
            MksyscallException e = assertThrows(MksyscallException.class, () -> MkSyscall.javaOf("bad.sys", c[0]), c[0]);
            if (!c[1].equals(e.getMessage())) wrong.append("in: ").append(c[0]).append("\nout: ").append(e.getMessage()).append('\n');
        }
        assertEquals("", wrong.toString(), "errors that differ from errors.txt (actual shown)");
    }

    @Test
    void duplicateJavaNamesAreRefusedWithBothPlaces() {
        var e = assertThrows(MksyscallException.class, () -> MkSyscall.javaOf("dup.sys",
                "//sys\tRead(fd int, p []byte) (n int, err error)\n\n//sys\tread(fd int, p []byte) (n int, err error)\n"));
        assertEquals("dup.sys:3:7: duplicate declaration read: read is already declared at dup.sys:1", e.getMessage());
    }

    @Test
    void goDefaultSysNameSplitsCamelCase() {
        assertEquals("SYS_EPOLL_CREATE1", SysParser.defaultSysName("EpollCreate1"));
        assertEquals("SYS_IO_URING_SETUP", SysParser.defaultSysName("IoUringSetup"));
        assertEquals("SYS_RT_SIGPROCMASK", SysParser.defaultSysName("rtSigprocmask"));
        assertEquals("SYS_GETPID", SysParser.defaultSysName("Getpid"));
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndSpacesAccepted() {
        String out = MkSyscall.javaOf("ok.sys", "// a comment\n\n   \n//sysnb   Getpid() (pid int)\n");
        assertTrue(out.contains("public static int getpid() {"), out);
        assertTrue(out.contains("Syscall.rawSyscall(SysNum.SYS_GETPID, 0, 0, 0)"), out);
    }
}
