package dev.handoff.unix;

import static dev.handoff.unix.K.*;
import static dev.handoff.unix.ZConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.syscall.Errno;
import dev.handoff.syscall.SyscallException;

/** IPC and the rest: POSIX message queues, System V semaphores and shared memory, keys, the new mount API, mmsg. */
class IpcTest {
    @TempDir Path dir;

    @Test
    void posixMessageQueueRoundTrip() {
        String name = "handoff-test-" + Unix.getpid();
        int mq;
        try {
            mq = Unix.mqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, MemorySegment.NULL);
        } catch (SyscallException e) {
            skipIf(e, "POSIX message queues are not available", Errno.ENOSYS, Errno.EACCES);
            return;
        }
        try {
            Unix.mqTimedsend(mq, "queued".getBytes(StandardCharsets.UTF_8), 3, null);
            byte[] buf = new byte[8192];                             // at least mq_msgsize (default 8192)
            int[] prio = new int[1];
            int n = Unix.mqTimedreceive(mq, buf, prio, null);
            assertEquals("queued", new String(buf, 0, n, StandardCharsets.UTF_8));
            assertEquals(3, prio[0]);
        } finally {
            Unix.close(mq);
            Unix.mqUnlink(name);
        }
        assertTrue(assertThrows(SyscallException.class, () -> Unix.mqUnlink(name)).is(Errno.ENOENT));
    }

    @Test
    void systemVSemaphoreAndSharedMemory() {
        int sem = Unix.semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
        try {
            Unix.semctl(sem, 0, 16 /* SETVAL */, 5);
            assertEquals(5, Unix.semctl(sem, 0, 12 /* GETVAL */, 0));
        } finally {
            Unix.semctl(sem, 0, IPC_RMID, 0);
        }
        int shm = Unix.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
        Unix.shmctl(shm, IPC_RMID, MemorySegment.NULL);
        assertTrue(assertThrows(SyscallException.class, () -> Unix.shmctl(shm, IPC_RMID, MemorySegment.NULL)).errno() != null);
    }

    @Test
    void keyInTheProcessKeyring() {
        int id;
        try {
            id = Unix.addKey("user", "handoff-test", "secret".getBytes(StandardCharsets.UTF_8), -2 /* KEY_SPEC_PROCESS_KEYRING */);
        } catch (SyscallException e) {
            skipIf(e, "keyrings are not available here", Errno.ENOSYS, Errno.EPERM, Errno.EACCES, Errno.EDQUOT);
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            assertEquals(id, Unix.requestKey("user", "handoff-test", null, 0));
            MemorySegment buf = a.allocate(16);
            assertEquals(6, Unix.keyctl(11 /* KEYCTL_READ */, id, buf.address(), buf.byteSize(), 0));
            assertEquals("secret", new String(buf.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
        } finally {
            Unix.keyctl(3 /* KEYCTL_REVOKE */, id, 0, 0, 0);
        }
    }

    @Test
    void newMountApiAsRoot() throws Exception {
        Assumptions.assumeTrue(root(), "mounting needs CAP_SYS_ADMIN (CI runs as root)");
        int fs;
        try {
            fs = Unix.fsopen("tmpfs", FSOPEN_CLOEXEC);
        } catch (SyscallException e) {
            skipIf(e, "fsopen refused here", Errno.EPERM, Errno.ENOSYS);
            return;
        }
        String target = dir.toString();
        try {
            Unix.fsconfig(fs, 6 /* FSCONFIG_CMD_CREATE */, null, null, 0);
            int mnt = Unix.fsmount(fs, FSMOUNT_CLOEXEC, 0);
            try {
                Unix.moveMount(mnt, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
            } finally {
                Unix.close(mnt);
            }
            try (Arena a = Arena.ofConfined()) {
                Statfs st = new Statfs(a);
                Unix.statfs(target, st);
                assertEquals(0x01021994L, st.type(), "TMPFS_MAGIC");
                int picked = Unix.fspick(AT_FDCWD, target, 1 /* FSPICK_CLOEXEC */);
                Unix.close(picked);
                int tree = Unix.openTree(AT_FDCWD, target, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
                Unix.close(tree);
            } finally {
                Unix.umount2(target, MNT_DETACH);
            }
        } finally {
            Unix.close(fs);
        }
    }

    @Test
    void sendmmsgRecvmmsg() {
        int[] sv = new int[2];
        Unix.socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv);
        try (Arena a = Arena.ofConfined()) {
            StructArray<Mmsghdr> out = Mmsghdr.array(a, 2), in = Mmsghdr.array(a, 2);
            String[] words = {"one", "three"};
            for (int i = 0; i < 2; i++) {
                StructArray<Iovec> iov = Iovec.array(a, 1);
                iov.get(0).set(a.allocateFrom(ValueLayout.JAVA_BYTE, words[i].getBytes(StandardCharsets.UTF_8)));
                out.get(i).hdr().iov(iov);
                StructArray<Iovec> riov = Iovec.array(a, 1);
                riov.get(0).set(a.allocate(16));
                in.get(i).hdr().iov(riov);
            }
            assertEquals(2, Unix.sendmmsg(sv[0], out, 0));
            assertEquals(2, Unix.recvmmsg(sv[1], in, MSG_WAITFORONE, null));
            assertEquals(3, in.get(0).len());
            assertEquals(5, in.get(1).len());
        } finally {
            Unix.close(sv[0]);
            Unix.close(sv[1]);
        }
    }
}
