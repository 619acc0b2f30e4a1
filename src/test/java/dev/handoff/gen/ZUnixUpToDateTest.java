package dev.handoff.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The CI check for drift: regenerates ZUnix.java and docs/syscalls.md from src/main/sys/linux/*.sys
 * in memory and fails on any difference with the committed files. Fix by running the command in
 * each file's header.
 */
class ZUnixUpToDateTest {
    @Test
    void committedZUnixMatchesTheDeclarations() throws IOException {
        var files = MkSyscall.sysFiles(MkSyscall.SYS_DIR);
        assertTrue(files.size() >= 8, "declaration files found: " + files);
        String fresh = MkSyscall.java(files, MkSyscall.ZUNIX);
        assertEquals(fresh, Files.readString(MkSyscall.ZUNIX),
                "ZUnix.java is stale: run ./handoff mksyscall --out " + MkSyscall.ZUNIX + " " + MkSyscall.SYS_DIR + "/*.sys");
    }

    @Test
    void committedDocsMatchTheDeclarationsAndTests() throws IOException {
        var files = MkSyscall.sysFiles(MkSyscall.SYS_DIR);
        String fresh = MkSyscall.docs(files, MkSyscall.TESTS, MkSyscall.DOCS);
        assertEquals(fresh, Files.readString(MkSyscall.DOCS),
                "docs/syscalls.md is stale: run ./handoff mksyscall --docs --out " + MkSyscall.DOCS + " " + MkSyscall.SYS_DIR + "/*.sys");
    }

    @Test
    void coverageIsAtLeast230Declarations() throws IOException {
        List<JavaCall> calls = MkSyscall.map(MkSyscall.sysFiles(MkSyscall.SYS_DIR), MkSyscall::knownSys);
        assertTrue(calls.size() >= 230, "declarations: " + calls.size());
    }
}
