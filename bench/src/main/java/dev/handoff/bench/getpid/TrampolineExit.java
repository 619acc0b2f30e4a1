package dev.handoff.bench.getpid;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import dev.handoff.bench.Jvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Workload getpid, an experiment for the trampoline (not Handoff's code): how should the trampoline
 * return after {@code SYSCALL}?
 *
 * <p>On this machine a {@code RET} executed right after a system call is mispredicted (the kernel's
 * entry/exit leaves the return-stack predictor useless to user space: "spec_rstack_overflow: Safe
 * RET" here), costing several ns per return; the C anchor has no return at all. This class maps two
 * copies of Handoff's 3-argument trampoline that differ only in their last instruction:
 * <pre>
 *   ret                      c3         return predicted by the return stack (useless here)
 *   pop rcx ; jmp rcx        59 ff e1   return by an indirect jump, predicted by the branch target
 *                                       buffer (rcx is clobbered by SYSCALL anyway)
 * </pre>
 * and calls each as a critical downcall (as rawSyscall does) and as a normal one with
 * {@link Jvm#SMB} (as syscall does under the launcher). Same W^X mapping as Handoff's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS})
public class TrampolineExit {
    private static final byte[] BODY = {
        0x48, (byte) 0x89, (byte) 0xf8,             // mov rax, rdi     trap
        0x48, (byte) 0x89, (byte) 0xf7,             // mov rdi, rsi     a1
        0x48, (byte) 0x89, (byte) 0xd6,             // mov rsi, rdx     a2
        0x48, (byte) 0x89, (byte) 0xca,             // mov rdx, rcx     a3
        0x4d, 0x31, (byte) 0xd2,                    // xor r10, r10
        0x4d, 0x31, (byte) 0xc0,                    // xor r8, r8
        0x4d, 0x31, (byte) 0xc9,                    // xor r9, r9
        0x0f, 0x05,                                 // syscall
    };
    private static final byte[] RET = {(byte) 0xc3};
    private static final byte[] POP_JMP = {0x59, (byte) 0xff, (byte) 0xe1};
    private static final long SYS_GETPID = 39;

    private static final MethodHandle RET_CRITICAL, POP_JMP_CRITICAL, RET_NORMAL, POP_JMP_NORMAL;

    static {
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment page = CodePage.map(64);
            page.asSlice(0, BODY.length).copyFrom(MemorySegment.ofArray(BODY));
            page.asSlice(BODY.length, RET.length).copyFrom(MemorySegment.ofArray(RET));
            page.asSlice(32, BODY.length).copyFrom(MemorySegment.ofArray(BODY));
            page.asSlice(32 + BODY.length, POP_JMP.length).copyFrom(MemorySegment.ofArray(POP_JMP));
            CodePage.seal(page);
            MemorySegment ret = page.asSlice(0, 32), popJmp = page.asSlice(32, 32);
            FunctionDescriptor d = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
            RET_CRITICAL = linker.downcallHandle(ret, d, Linker.Option.critical(false));
            POP_JMP_CRITICAL = linker.downcallHandle(popJmp, d, Linker.Option.critical(false));
            RET_NORMAL = linker.downcallHandle(ret, d);
            POP_JMP_NORMAL = linker.downcallHandle(popJmp, d);
            long pid = ProcessHandle.current().pid();
            for (MethodHandle h : new MethodHandle[] {RET_CRITICAL, POP_JMP_CRITICAL, RET_NORMAL, POP_JMP_NORMAL})
                if ((long) h.invokeExact(SYS_GETPID, 0L, 0L, 0L) != pid) throw new IllegalStateException("wrong getpid");
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    /** getpid through the ret-ending trampoline, critical (for the interleaved workload). */
    public static long callRet(long trap) {
        try {
            return (long) RET_CRITICAL.invokeExact(trap, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** getpid through the pop/jmp-ending trampoline, critical (for the interleaved workload). */
    public static long callPopJmp(long trap) {
        try {
            return (long) POP_JMP_CRITICAL.invokeExact(trap, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Benchmark
    public long retCritical() throws Throwable {
        return (long) RET_CRITICAL.invokeExact(SYS_GETPID, 0L, 0L, 0L);
    }

    @Benchmark
    public long popJmpCritical() throws Throwable {
        return (long) POP_JMP_CRITICAL.invokeExact(SYS_GETPID, 0L, 0L, 0L);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
    public long retNormalSmb() throws Throwable {
        return (long) RET_NORMAL.invokeExact(SYS_GETPID, 0L, 0L, 0L);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = {Jvm.ADD_EXPORTS_VM, Jvm.ADD_EXPORTS_MISC, Jvm.NATIVE_ACCESS, Jvm.SMB})
    public long popJmpNormalSmb() throws Throwable {
        return (long) POP_JMP_NORMAL.invokeExact(SYS_GETPID, 0L, 0L, 0L);
    }

    /** One anonymous page, written while read+write, then read+exec: never both. */
    public static final class CodePage {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle MMAP = LINKER.downcallHandle(LINKER.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        private static final MethodHandle MPROTECT = LINKER.downcallHandle(LINKER.defaultLookup().find("mprotect").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        static final long PAGE = 4096;

        public static MemorySegment map(long size) throws Throwable {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, PAGE, 1 | 2, 2 | 0x20, -1, 0L);
            if (p.address() == -1L) throw new IllegalStateException("mmap refused");
            return p.reinterpret(size);
        }

        public static void seal(MemorySegment page) throws Throwable {
            if ((int) MPROTECT.invokeExact(page, PAGE, 1 | 4) != 0) throw new IllegalStateException("mprotect refused");
        }
    }
}
