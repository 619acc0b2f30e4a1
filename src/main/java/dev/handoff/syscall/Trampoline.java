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
 * <h2>Why the entries do not end in a plain {@code ret}</h2>
 * On CPUs where the kernel mitigates return-stack attacks (here: {@code spec_rstack_overflow: Safe
 * RET}), the return stack buffer is useless right after a system call: every {@code ret} that
 * unwinds a frame entered before the call mispredicts, 5-7 ns each (docs/benchmarks.md,
 * {@code TrampolineExit}). A downcall has two: the trampoline's and the downcall stub's. So the
 * trampoline returns by {@code pop rcx; jmp rcx} (an indirect jump, predicted by the branch target
 * buffer; RCX is free, SYSCALL clobbers it), and when its return site is a critical stub's bare
 * {@code leave; ret} it runs that epilogue itself and jumps straight back into compiled Java code
 * ({@code exit=stub}, checked on every call, so it never skips anything else). With CET shadow
 * stacks enabled for the process ({@code x86_Thread_features: shstk} in /proc/self/status) both
 * would leave the shadow stack out of step, so there the entries end in {@code ret}.
 */
final class Trampoline {
    private Trampoline() {}

    // x86-64: 6-argument entry at offset 0.
    /** Moves the C arguments into the kernel's registers and makes the call; an exit follows. */
    private static final byte[] AMD64_SYSCALL6 = {
        0x48, (byte) 0x89, (byte) 0xf8,             // mov rax, rdi     trap
        0x48, (byte) 0x89, (byte) 0xf7,             // mov rdi, rsi     a1
        0x48, (byte) 0x89, (byte) 0xd6,             // mov rsi, rdx     a2
        0x48, (byte) 0x89, (byte) 0xca,             // mov rdx, rcx     a3
        0x4d, (byte) 0x89, (byte) 0xc2,             // mov r10, r8      a4
        0x4d, (byte) 0x89, (byte) 0xc8,             // mov r8,  r9      a5
        0x4c, (byte) 0x8b, 0x4c, 0x24, 0x08,        // mov r9, [rsp+8]  a6
        0x0f, 0x05,                                 // syscall
    };
    private static final byte[] AMD64_SYSCALL3 = {
        0x48, (byte) 0x89, (byte) 0xf8,             // mov rax, rdi     trap
        0x48, (byte) 0x89, (byte) 0xf7,             // mov rdi, rsi     a1
        0x48, (byte) 0x89, (byte) 0xd6,             // mov rsi, rdx     a2
        0x48, (byte) 0x89, (byte) 0xca,             // mov rdx, rcx     a3
        0x4d, 0x31, (byte) 0xd2,                    // xor r10, r10
        0x4d, 0x31, (byte) 0xc0,                    // xor r8, r8
        0x4d, 0x31, (byte) 0xc9,                    // xor r9, r9
        0x0f, 0x05,                                 // syscall
    };

    /** exit=ret: a plain return (the only one allowed under CET shadow stacks). */
    private static final byte[] EXIT_RET = {(byte) 0xc3};                      // ret
    /** exit=jmp: return by an indirect jump, predicted by the BTB rather than the return stack. */
    private static final byte[] EXIT_JMP = {0x59, (byte) 0xff, (byte) 0xe1};   // pop rcx; jmp rcx
    /**
     * exit=stub: when the code we return to is exactly {@code leave; ret} (a critical downcall
     * stub's whole epilogue, {@code c9 c3}), do that epilogue here and jump to the stub's caller, so
     * no {@code ret} at all runs between SYSCALL and compiled Java code. Any other return site (a
     * normal downcall stub, with its thread-state transition after the call) gets the jmp exit. The
     * check reads two bytes of the return site on every call, so a JDK whose stub differs is never
     * skipped over.
     */
    private static final byte[] EXIT_STUB = {
        0x48, (byte) 0x8b, 0x0c, 0x24,              // mov rcx, [rsp]          return site in the stub
        0x66, (byte) 0x81, 0x39, (byte) 0xc9, (byte) 0xc3, // cmp word [rcx], 0xc3c9   leave; ret ?
        0x75, 0x04,                                 // jne plain
        (byte) 0xc9,                                // leave                   the stub's frame is gone
        0x59, (byte) 0xff, (byte) 0xe1,             // pop rcx; jmp rcx        to the stub's caller
        0x59, (byte) 0xff, (byte) 0xe1,             // plain: pop rcx; jmp rcx to the stub
    };
    /** The probe: returns the two bytes at its return site (what EXIT_STUB compares). */
    private static final byte[] PROBE = {
        0x48, (byte) 0x8b, 0x04, 0x24,              // mov rax, [rsp]
        0x0f, (byte) 0xb7, 0x00,                    // movzx eax, word [rax]
        (byte) 0xc3,                                // ret
    };

    // x86-64: 6-argument entry at offset 0, 3-argument entry at 64, the probe at 128.
    private static final long OFFSET3 = 64, OFFSET_PROBE = 128;

    private static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final int MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    private static final long PAGE = 4096;

    /** Why the trampoline is not in use, or null when it is. */
    static final String UNAVAILABLE;
    private static final MemorySegment CODE;
    /** How the entries return: "ret", "jmp" or "stub" (see the EXIT_* arrays). */
    static final String EXIT;

    static {
        String why = null, exit = null;
        MemorySegment code = null;
        if (!"amd64".equals(System.getProperty("os.arch"))) {
            why = "no trampoline for " + System.getProperty("os.arch") + " yet";
        } else if ("libc".equals(System.getProperty("handoff.syscall.impl"))) {
            why = "-Dhandoff.syscall.impl=libc";
        } else {
            try {
                exit = chooseExit();
                code = map(exit);
                if (exit.equals("stub") && !criticalStubEndsInLeaveRet(code)) {
                    exit = "jmp"; // this JDK's critical stub does more after the call: never skip it
                    code = map(exit);
                }
            } catch (Throwable t) {
                why = t.getMessage();
            }
        }
        UNAVAILABLE = why;
        CODE = code;
        EXIT = exit;
    }

    /** The 6-argument entry point, or null when the trampoline is unavailable. */
    static MemorySegment entry6() { return CODE; }

    /** The 3-argument entry point, or null when the trampoline is unavailable. */
    static MemorySegment entry3() { return CODE == null ? null : MemorySegment.ofAddress(CODE.address() + OFFSET3); }

    /**
     * The exit to build: {@code -Dhandoff.syscall.exit=ret|jmp|stub} (for tests and measurements),
     * else "stub", or "ret" when CET shadow stacks are on: a return by jump would leave the shadow
     * stack out of step and the next real ret would fault.
     */
    private static String chooseExit() {
        String asked = System.getProperty("handoff.syscall.exit");
        if (asked != null && !asked.equals("ret") && !asked.equals("jmp") && !asked.equals("stub"))
            throw new IllegalArgumentException("-Dhandoff.syscall.exit=" + asked + ": expected ret, jmp or stub");
        if (shadowStack()) return "ret";
        return asked != null ? asked : "stub";
    }

    /** Calls the probe through a critical downcall shaped like Syscall's 3-argument one. */
    private static boolean criticalStubEndsInLeaveRet(MemorySegment code) throws Throwable {
        FunctionDescriptor d3 = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
        MethodHandle probe = Linker.nativeLinker().downcallHandle(
                MemorySegment.ofAddress(code.address() + OFFSET_PROBE), d3, Linker.Option.critical(false));
        return (long) probe.invokeExact(0L, 0L, 0L, 0L) == 0xc3c9;
    }

    /** True when CET shadow stacks are on for this process: then only a real ret may return. */
    static boolean shadowStack() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("x86_Thread_features:") && line.contains("shstk")) return true;
            }
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return true; // cannot tell: the safe choice
        }
    }

    private static MemorySegment map(String exit) throws Throwable {
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
        byte[] tail = switch (exit) {
            case "ret" -> EXIT_RET;
            case "jmp" -> EXIT_JMP;
            default -> EXIT_STUB;
        };
        put(rw, 0, AMD64_SYSCALL6, tail);
        put(rw, OFFSET3, AMD64_SYSCALL3, tail);
        put(rw, OFFSET_PROBE, PROBE, new byte[0]);
        int rc = (int) mprotect.invokeExact(page, PAGE, PROT_READ | PROT_EXEC);
        if (rc != 0) throw new IllegalStateException("mprotect(PROT_READ|PROT_EXEC) of the code page refused");
        return page;
    }

    private static void put(MemorySegment page, long at, byte[] body, byte[] tail) {
        if (body.length + tail.length > OFFSET3) throw new AssertionError("entry longer than its slot");
        MemorySegment.copy(body, 0, page, ValueLayout.JAVA_BYTE, at, body.length);
        MemorySegment.copy(tail, 0, page, ValueLayout.JAVA_BYTE, at + body.length, tail.length);
    }
}
