package dev.handoff.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;

import dev.handoff.gen.MkTables;
import org.junit.jupiter.api.Test;

/** Regenerating the tables from this machine's headers must change nothing (Go's mkall check). */
class GeneratedTablesTest {
    @Test
    void sysnumIsUpToDate() throws Exception {
        assertEquals(MkTables.sysnum(), Files.readString(MkTables.SYSNUM),
                "SysNum.java differs from what `" + MkTables.COMMAND + "` generates now: regenerate and commit");
    }

    @Test
    void errnoIsUpToDate() throws Exception {
        assertEquals(MkTables.errno(), Files.readString(MkTables.ERRNO),
                "Errno.java differs from what `" + MkTables.COMMAND + "` generates now: regenerate and commit");
    }

    @Test
    void tablesHoldWhatTheKernelHas() {
        assertEquals(39, SysNum.Amd64.SYS_GETPID);
        assertEquals(172, SysNum.Arm64.SYS_GETPID);
        assertEquals(435, SysNum.Amd64.SYS_CLONE3);
        assertEquals("getpid", SysNum.name(SysNum.SYS_GETPID));
        assertEquals(11, Errno.EAGAIN.number());
        assertEquals(Errno.EAGAIN, Errno.EWOULDBLOCK);
        assertEquals("Resource temporarily unavailable", Errno.EAGAIN.message());
        assertEquals(Errno.EHWPOISON, Errno.of(133));
    }
}
