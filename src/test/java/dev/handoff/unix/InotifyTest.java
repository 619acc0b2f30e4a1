package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inotify event on file creation. */
class InotifyTest {
    @TempDir Path dir;

    @Test
    void creationIsReported() {
        int fd = Unix.inotifyInit1(IN_CLOEXEC);
        try (Arena a = Arena.ofConfined()) {
            int wd = Unix.inotifyAddWatch(fd, dir.toString(), IN_CREATE);
            Unix.close(Unix.creat(dir.resolve("born").toString(), 0600));
            MemorySegment buf = a.allocate(4096, 8);
            int n = Unix.read(fd, buf);
            List<String> names = new ArrayList<>();
            for (InotifyEvent e : InotifyEvent.events(buf, n)) {
                assertEquals(wd, e.wd());
                assertEquals(IN_CREATE, e.mask() & IN_CREATE);
                names.add(e.name());
            }
            assertEquals(List.of("born"), names);
            Unix.inotifyRmWatch(fd, wd);
        } finally {
            Unix.close(fd);
        }
    }
}
