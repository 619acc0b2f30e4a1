package dev.handoff.syscall;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

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
 * {@code TrampolineExit}). A downcall has two: the trampoline's and the downcall stub's, into
 * compiled Java code. So ({@code exit=stub}, the default):
 * <ul>
 *   <li>the trampoline returns by {@code pop rcx; jmp rcx}: an indirect jump, predicted by the
 *       branch target buffer (RCX is free: SYSCALL clobbers it);</li>
 *   <li>when the return site is a critical stub's bare {@code leave; ret} (the probed site of this
 *       shape, compared as an address; any other site is checked by reading its two bytes), it
 *       runs that epilogue itself and jumps straight back into compiled Java;</li>
 *   <li>when the return site is the normal (thread-state transition) stub that {@link #BLOCKING3}
 *       or {@link #BLOCKING6} calls through, it runs a copy of that stub's return path, made at
 *       start-up by {@link StubCopy} from the stub's own bytes: back to the Java thread state, the
 *       safepoint and suspend checks, then {@code leave} and a jump into compiled Java. Every slow
 *       path of the copy jumps into the stub's own slow path, with the stack exactly as the stub
 *       left it, so the VM sees what it always sees. StubCopy accepts only the instruction forms
 *       it knows (stores, compares and conditional jumps relative to the thread register, the
 *       memory barrier); a JDK whose stub holds anything else gets the plain jump.</li>
 * </ul>
 * The stubs are found by probes: a few bytes of code returning their return address, called
 * through the very downcall handles the entries are bound to ({@code insertArguments} on one
 * address-free handle per shape), so the probed stub is the stub in use. With CET shadow stacks
 * enabled for the process ({@code x86_Thread_features: shstk} in /proc/self/status) all of this
 * would leave the shadow stack out of step, so there the entries end in {@code ret}.
 * {@code -Dhandoff.syscall.exit=ret|jmp|stub} chooses for tests and measurements.
 */
final class Trampoline {
    private Trampoline() {}

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
    /** A probe: returns its own return address, i.e. the return site in the stub that called it. */
    private static final byte[] PROBE = {
        0x48, (byte) 0x8b, 0x04, 0x24,              // mov rax, [rsp]
        (byte) 0xc3,                                // ret
    };

    // One page: the 6-argument entry at 0, the 3-argument entry at 1024 (each with its exit and
    // the thunks of its stub copy).
    private static final int SLOT = 1024, OFFSET3 = SLOT;

    private static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final int MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    private static final long PAGE = 4096;

    private static final FunctionDescriptor D3 = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    private static final FunctionDescriptor D6 = D3.appendArgumentLayouts(
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);

    /** Why the trampoline is not in use, or null when it is. */
    static final String UNAVAILABLE;
    /** How the entries return: "ret", "jmp" or "stub" (see the class comment). */
    static final String EXIT;
    /** For exit=stub: which normal stubs got a copied return path ("3", "6"), for the record. */
    static final String COPIED;
    /** For exit=stub: which critical stubs' return sites are known and end in leave; ret ("3", "6"). */
    static final String CRITICAL;
    /** (trap, a1..a3)long and (trap, a1..a6)long: critical, and normal downcalls; null when unavailable. */
    static final MethodHandle RAW3, RAW6, BLOCKING3, BLOCKING6;

    static {
        String why = null, exit = null, copied = "", critical = "";
        MethodHandle raw3 = null, raw6 = null, blocking3 = null, blocking6 = null;
        if (!"amd64".equals(System.getProperty("os.arch"))) {
            why = "no trampoline for " + System.getProperty("os.arch") + " yet";
        } else if ("libc".equals(System.getProperty("handoff.syscall.impl"))) {
            why = "-Dhandoff.syscall.impl=libc";
        } else {
            try {
                Linker linker = Linker.nativeLinker();
                // Address-free handles: the probe and the entry are bound to the same one, so they
                // go through the same downcall stub.
                MethodHandle raw3Any = linker.downcallHandle(D3, Linker.Option.critical(false));
                MethodHandle raw6Any = linker.downcallHandle(D6, Linker.Option.critical(false));
                MethodHandle blocking3Any = linker.downcallHandle(D3);
                MethodHandle blocking6Any = linker.downcallHandle(D6);
                exit = chooseExit();
                StubCopy copy3 = null, copy6 = null;
                long site3 = 0, site6 = 0, crit3 = 0, crit6 = 0;
                if (exit.equals("stub")) {
                    MemorySegment probe = map(page -> MemorySegment.copy(PROBE, 0, page, ValueLayout.JAVA_BYTE, 0, PROBE.length));
                    site3 = (long) MethodHandles.insertArguments(blocking3Any, 0, probe).invokeExact(0L, 0L, 0L, 0L);
                    site6 = (long) MethodHandles.insertArguments(blocking6Any, 0, probe)
                            .invokeExact(0L, 0L, 0L, 0L, 0L, 0L, 0L);
                    copy3 = StubCopy.of(site3);
                    copy6 = StubCopy.of(site6);
                    if (copy6 != null) copied += "6";
                    if (copy3 != null) copied += "3";
                    crit3 = leaveRetAt((long) MethodHandles.insertArguments(raw3Any, 0, probe).invokeExact(0L, 0L, 0L, 0L));
                    crit6 = leaveRetAt((long) MethodHandles.insertArguments(raw6Any, 0, probe)
                            .invokeExact(0L, 0L, 0L, 0L, 0L, 0L, 0L));
                    if (crit6 != 0) critical += "6";
                    if (crit3 != 0) critical += "3";
                    // The probe page stays mapped: its stubs are the ones the entries are bound to.
                }
                String e = exit;
                StubCopy x6 = copy6, x3 = copy3;
                long s6 = site6, s3 = site3, c6 = crit6, c3 = crit3;
                MemorySegment code = map(page -> {
                    put(page, 0, AMD64_SYSCALL6, e, s6, x6, c6);
                    put(page, OFFSET3, AMD64_SYSCALL3, e, s3, x3, c3);
                });
                MemorySegment entry3 = MemorySegment.ofAddress(code.address() + OFFSET3);
                raw3 = MethodHandles.insertArguments(raw3Any, 0, entry3);
                raw6 = MethodHandles.insertArguments(raw6Any, 0, code);
                blocking3 = MethodHandles.insertArguments(blocking3Any, 0, entry3);
                blocking6 = MethodHandles.insertArguments(blocking6Any, 0, code);
            } catch (Throwable t) {
                why = String.valueOf(t.getMessage());
                raw3 = raw6 = blocking3 = blocking6 = null;
            }
        }
        UNAVAILABLE = why;
        EXIT = why == null ? exit : null;
        COPIED = copied;
        CRITICAL = critical;
        RAW3 = raw3;
        RAW6 = raw6;
        BLOCKING3 = blocking3;
        BLOCKING6 = blocking6;
    }

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

    /**
     * One entry: the body, then its exit. For exit=stub, {@code site} is the return site in the
     * normal stub of this shape and {@code copy} that stub's return path, or null when it could not
     * be copied.
     */
    private static void put(MemorySegment page, int at, byte[] body, String exit, long site, StubCopy copy, long critSite) {
        Asm a = new Asm(page.address() + at);
        a.bytes(body);
        switch (exit) {
            case "ret" -> a.bytes(0xc3);                                  // ret
            case "jmp" -> a.bytes(0x59, 0xff, 0xe1);                      // pop rcx; jmp rcx
            default -> {
                a.bytes(0x59);                                            // pop rcx   (the return site)
                Asm.Label other = a.label();
                if (copy != null) {
                    a.bytes(0x49, 0xbb).u64(site);                        // mov r11, site
                    a.bytes(0x4c, 0x39, 0xd9);                            // cmp rcx, r11
                    a.jcc(0x85, other);                                   // jne other
                    copy.emit(a);                                         // the stub's return path
                    a.bytes(0xc9, 0x59, 0xff, 0xe1);                      // leave; pop rcx; jmp rcx
                }
                a.bind(other);
                if (critSite != 0) {                                      // the critical stub of this shape
                    Asm.Label generic = a.label();
                    a.bytes(0x49, 0xbb).u64(critSite);                    // mov r11, critical site
                    a.bytes(0x4c, 0x39, 0xd9);                            // cmp rcx, r11
                    a.jcc(0x85, generic);                                 // jne generic
                    a.bytes(0xc9, 0x59, 0xff, 0xe1);                      // leave; pop rcx; jmp rcx
                    a.bind(generic);
                }
                Asm.Label plain = a.label();
                a.bytes(0x66, 0x81, 0x39, 0xc9, 0xc3);                    // cmp word [rcx], 0xc3c9 (leave; ret)
                a.jcc(0x85, plain);                                       // jne plain
                a.bytes(0xc9, 0x59, 0xff, 0xe1);                          // leave; pop rcx; jmp rcx
                a.bind(plain);
                a.bytes(0xff, 0xe1);                                      // jmp rcx   (back to the stub)
            }
        }
        byte[] code = a.finish();
        if (code.length > SLOT) throw new IllegalStateException("trampoline entry longer than its slot: " + code.length);
        MemorySegment.copy(code, 0, page, ValueLayout.JAVA_BYTE, at, code.length);
    }

    /** {@code site} when the code there is {@code leave; ret} (c9 c3), else 0. */
    private static long leaveRetAt(long site) {
        MemorySegment code = MemorySegment.ofAddress(site).reinterpret(2);
        return (code.get(ValueLayout.JAVA_BYTE, 0) & 0xff) == 0xc9 && (code.get(ValueLayout.JAVA_BYTE, 1) & 0xff) == 0xc3 ? site : 0;
    }

    /** libc's mmap and mprotect, looked up once for the two pages map() makes. */
    private static final class Libc {
        static final MethodHandle MMAP, MPROTECT;
        static {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            MMAP = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MPROTECT = linker.downcallHandle(libc.find("mprotect").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        }
    }

    /** Maps a page read+write, lets {@code fill} write it, then makes it read+exec (W^X). */
    private static MemorySegment map(java.util.function.Consumer<MemorySegment> fill) throws Throwable {
        MethodHandle mmap = Libc.MMAP, mprotect = Libc.MPROTECT;
        MemorySegment page = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, PAGE,
                PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
        if (page.address() == -1L) throw new IllegalStateException("mmap of a code page refused");
        MemorySegment rw = page.reinterpret(PAGE);
        rw.fill((byte) 0xcc);                                             // int3 wherever nothing was written
        fill.accept(rw);
        int rc = (int) mprotect.invokeExact(page, PAGE, PROT_READ | PROT_EXEC);
        if (rc != 0) throw new IllegalStateException("mprotect(PROT_READ|PROT_EXEC) of the code page refused");
        return page;
    }
}
