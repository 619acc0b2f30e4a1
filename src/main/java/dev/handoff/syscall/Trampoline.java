package dev.handoff.syscall;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The seed's {@code TEXT ·RawSyscall6}, as machine code made at run time: move the arguments from
 * the C calling convention into the kernel's, {@code SYSCALL}, return RAX untouched.
 *
 * <p>Why not libc's {@code syscall(3)}: it turns a result in [-4095, -1] into -1 and writes errno
 * into thread-local storage, which we would then have to capture (an extra store and a segment per
 * call). The kernel already hands back {@code -errno} in RAX; the trampoline keeps it, so errno
 * travels with the result of that very call, as in Go.
 *
 * <p>W^X: the page is mapped read+write, written, then mprotect'ed to read+exec; it is never
 * writable and executable at once. It lives for the life of the process (one page, never unmapped).
 * When the mapping or the mprotect is refused (a hardened kernel, SELinux execmem), {@link #entry()}
 * is null and {@link Syscall} falls back to libc.
 *
 * <pre>
 * long tramp(long trap, long a1, long a2, long a3, long a4, long a5, long a6)
 *   C (System V):  rdi    rsi      rdx      rcx      r8       r9       [rsp+8]
 *   kernel:        rax    rdi      rsi      rdx      r10      r8       r9
 * </pre>
 * The 3-argument entry is the same code with a1..a3 only; a4..a6 are zeroed, as Go's Syscall does.
 *
 * <h2>Why the entries end in {@code pop rcx; jmp rcx}, not {@code ret}</h2>
 * On CPUs where the kernel mitigates return-stack attacks (here: {@code spec_rstack_overflow: Safe
 * RET}), the return stack buffer is useless right after a system call and the first {@code ret}
 * mispredicts: 5-7 ns a call, measured (docs/benchmarks.md, {@code TrampolineExit}). An indirect
 * jump is predicted by the branch target buffer instead. RCX is free: SYSCALL itself clobbers it.
 * With CET shadow stacks enabled for the process ({@code x86_Thread_features: shstk} in
 * /proc/self/status) a pop+jmp would leave the shadow stack out of step, so there we keep {@code ret}.
 */
final class Trampoline {
    private Trampoline() {}

    // x86-64: 6-argument entry at offset 0.
    private static final byte[] AMD64_SYSCALL6 = {
        0x48, (byte) 0x89, (byte) 0xf8,             // mov rax, rdi     trap
        0x48, (byte) 0x89, (byte) 0xf7,             // mov rdi, rsi     a1
        0x48, (byte) 0x89, (byte) 0xd6,             // mov rsi, rdx     a2
        0x48, (byte) 0x89, (byte) 0xca,             // mov rdx, rcx     a3
        0x4d, (byte) 0x89, (byte) 0xc2,             // mov r10, r8      a4
        0x4d, (byte) 0x89, (byte) 0xc8,             // mov r8,  r9      a5
        0x4c, (byte) 0x8b, 0x4c, 0x24, 0x08,        // mov r9, [rsp+8]  a6
        0x0f, 0x05,                                 // syscall
        0x59, (byte) 0xff, (byte) 0xe1,             // pop rcx; jmp rcx   (or ret: see above)
    };
    // x86-64: 3-argument entry at offset 32.
    private static final byte[] AMD64_SYSCALL3 = {
        0x48, (byte) 0x89, (byte) 0xf8,             // mov rax, rdi     trap
        0x48, (byte) 0x89, (byte) 0xf7,             // mov rdi, rsi     a1
        0x48, (byte) 0x89, (byte) 0xd6,             // mov rsi, rdx     a2
        0x48, (byte) 0x89, (byte) 0xca,             // mov rdx, rcx     a3
        0x4d, 0x31, (byte) 0xd2,                    // xor r10, r10
        0x4d, 0x31, (byte) 0xc0,                    // xor r8, r8
        0x4d, 0x31, (byte) 0xc9,                    // xor r9, r9
        0x0f, 0x05,                                 // syscall
        0x59, (byte) 0xff, (byte) 0xe1,             // pop rcx; jmp rcx   (or ret: see above)
    };
    private static final byte[] RET = {(byte) 0xc3, (byte) 0x90, (byte) 0x90}; // ret; nop; nop
    private static final long OFFSET3 = 32;

    private static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final int MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    private static final long PAGE = 4096;

    /** Why the trampoline is not in use, or null when it is. */
    static final String UNAVAILABLE;
    private static final MemorySegment CODE;

    static {
        String why = null;
        MemorySegment code = null;
        if (!"amd64".equals(System.getProperty("os.arch"))) {
            why = "no trampoline for " + System.getProperty("os.arch") + " yet";
        } else if ("libc".equals(System.getProperty("handoff.syscall.impl"))) {
            why = "-Dhandoff.syscall.impl=libc";
        } else {
            try {
                code = map();
            } catch (Throwable t) {
                why = t.getMessage();
            }
        }
        UNAVAILABLE = why;
        CODE = code;
    }

    /** The 6-argument entry point, or null when the trampoline is unavailable. */
    static MemorySegment entry6() { return CODE; }

    /** The 3-argument entry point, or null when the trampoline is unavailable. */
    static MemorySegment entry3() { return CODE == null ? null : MemorySegment.ofAddress(CODE.address() + OFFSET3); }

    /** True when CET shadow stacks are on for this process: then only a real ret may return. */
    static boolean shadowStack() {
        if ("ret".equals(System.getProperty("handoff.syscall.exit"))) return true; // for tests
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("x86_Thread_features:") && line.contains("shstk")) return true;
            }
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return true; // cannot tell: the safe choice
        }
    }

    private static MemorySegment map() throws Throwable {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MethodHandle mprotect = linker.downcallHandle(libc.find("mprotect").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        MemorySegment page = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, PAGE,
                PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
        if (page.address() == -1L) throw new IllegalStateException("mmap of a code page refused");
        MemorySegment rw = page.reinterpret(PAGE);
        MemorySegment.copy(AMD64_SYSCALL6, 0, rw, ValueLayout.JAVA_BYTE, 0, AMD64_SYSCALL6.length);
        MemorySegment.copy(AMD64_SYSCALL3, 0, rw, ValueLayout.JAVA_BYTE, OFFSET3, AMD64_SYSCALL3.length);
        if (shadowStack()) { // the last three bytes of each entry become ret; nop; nop
            MemorySegment.copy(RET, 0, rw, ValueLayout.JAVA_BYTE, AMD64_SYSCALL6.length - 3, 3);
            MemorySegment.copy(RET, 0, rw, ValueLayout.JAVA_BYTE, OFFSET3 + AMD64_SYSCALL3.length - 3, 3);
        }
        int rc = (int) mprotect.invokeExact(page, PAGE, PROT_READ | PROT_EXEC);
        if (rc != 0) throw new IllegalStateException("mprotect(PROT_READ|PROT_EXEC) of the code page refused");
        return page;
    }

}
