package dev.handoff.bench.interleaved;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.regex.Pattern;

import dev.handoff.bench.getpid.TrampolineExit;
import dev.handoff.syscall.SysNum;
import dev.handoff.syscall.Syscall;

/**
 * Workload interleaved: getpid in one JVM, every variant in turn in short slices, the anchor included.
 *
 * <p>Why: on a shared 2-core machine, the JMH rows run one after another and other jobs come and go
 * between them. Here the anchor is measured inside the same process and between every two slices: a
 * machine-code loop made at run time that executes {@code SYSCALL} n times with no call or return per
 * iteration (what the C anchor does), entered by one critical downcall per slice. Each round runs
 * every variant for one slice of {@value #SLICE} calls; after the warm-up rounds, each variant's
 * ns/op is the median of its slices, and its round ratio is the median over rounds of (its slice /
 * the anchor's slice in the same round, a few ms apart). Noise then hits the anchor and the variants
 * alike.
 *
 * <p>Not JMH: the loops are plain Java loops compiled by C2 (warmed up first); the result of every
 * call is summed and printed, so none can be dropped. JMH remains the reference for absolute ns/op and
 * B/op; this is a cross-check of the ratios. bench/run runs it in three JVMs, as workload
 * {@code interleaved}, with {@code -XX:+UseSystemMemoryBarrier} as {@code interleavedSmb}, and with
 * that and Handoff's libc fallback as {@code interleavedLibcSmb} (property {@code bench.workload}). Output, one tab-separated line per variant, read by bench/run:
 * {@code name <TAB> median_ns <TAB> min_ns <TAB> half_interquartile_ns <TAB> anchor_median_ns <TAB> round_ratio}.
 * Usage: {@code Interleaved [rounds] [name-regex]}, or {@code Interleaved -l} to list.
 */
public final class Interleaved {
    private Interleaved() {}

    static final int SLICE = 50_000;
    static final int WARMUP_ROUNDS = 20;
    static final long SYS_GETPID = SysNum.SYS_GETPID;

    /**
     * long loop(long n): n times getpid by SYSCALL, returns the last result.
     * <pre>
     *   mov r8, rdi        49 89 f8
     * L: mov eax, 39       b8 27 00 00 00
     *   syscall            0f 05
     *   dec r8             49 ff c8
     *   jnz L              75 f4
     *   ret                c3
     * </pre>
     */
    private static final byte[] ANCHOR_LOOP = {
        0x49, (byte) 0x89, (byte) 0xf8,
        (byte) 0xb8, 0x27, 0x00, 0x00, 0x00,
        0x0f, 0x05,
        0x49, (byte) 0xff, (byte) 0xc8,
        0x75, (byte) 0xf4,
        (byte) 0xc3,
    };
    private static final MethodHandle LOOP;
    private static final MethodHandle FFM_GETPID, FFM_GETPID_CRITICAL;

    static {
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment page = TrampolineExit.CodePage.map(ANCHOR_LOOP.length);
            page.copyFrom(MemorySegment.ofArray(ANCHOR_LOOP));
            TrampolineExit.CodePage.seal(page);
            LOOP = linker.downcallHandle(page, FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                    Linker.Option.critical(false));
            MemorySegment getpid = linker.defaultLookup().find("getpid").orElseThrow();
            FFM_GETPID = linker.downcallHandle(getpid, FunctionDescriptor.of(ValueLayout.JAVA_INT));
            FFM_GETPID_CRITICAL = linker.downcallHandle(getpid, FunctionDescriptor.of(ValueLayout.JAVA_INT),
                    Linker.Option.critical(false));
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    static long anchor(long n) {
        try {
            return (long) LOOP.invokeExact(n);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static long rawSyscall(long n) {
        long acc = 0;
        for (long i = 0; i < n; i++) acc += Syscall.rawSyscall(SYS_GETPID, 0, 0, 0);
        return acc;
    }

    static long syscall(long n) {
        long acc = 0;
        for (long i = 0; i < n; i++) acc += Syscall.syscall(SYS_GETPID, 0, 0, 0);
        return acc;
    }

    static long ffmGetpid(long n) {
        try {
            long acc = 0;
            for (long i = 0; i < n; i++) acc += (int) FFM_GETPID.invokeExact();
            return acc;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static long ffmGetpidCritical(long n) {
        try {
            long acc = 0;
            for (long i = 0; i < n; i++) acc += (int) FFM_GETPID_CRITICAL.invokeExact();
            return acc;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static long trampolineRet(long n) {
        long acc = 0;
        for (long i = 0; i < n; i++) acc += TrampolineExit.callRet(SYS_GETPID);
        return acc;
    }

    static long trampolinePopJmp(long n) {
        long acc = 0;
        for (long i = 0; i < n; i++) acc += TrampolineExit.callPopJmp(SYS_GETPID);
        return acc;
    }

    /** The variants, anchor first. */
    static Map<String, LongUnaryOperator> variants() {
        String w = System.getProperty("bench.workload", "interleaved") + ".";
        Map<String, LongUnaryOperator> m = new LinkedHashMap<>();
        m.put(w + "C.syscallLoop", Interleaved::anchor);
        m.put(w + "Handoff.rawSyscall", Interleaved::rawSyscall);
        m.put(w + "Handoff.syscall", Interleaved::syscall);
        m.put(w + "Ffm.getpidCritical", Interleaved::ffmGetpidCritical);
        m.put(w + "Ffm.getpid", Interleaved::ffmGetpid);
        m.put(w + "TrampolineExit.retCritical", Interleaved::trampolineRet);
        m.put(w + "TrampolineExit.popJmpCritical", Interleaved::trampolinePopJmp);
        return m;
    }

    public static void main(String[] args) {
        Map<String, LongUnaryOperator> all = variants();
        if (args.length > 0 && args[0].equals("-l")) {
            all.keySet().forEach(System.out::println);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Pattern include = Pattern.compile(args.length > 1 ? args[1] : "");
        List<String> names = new ArrayList<>();
        List<LongUnaryOperator> ops = new ArrayList<>();
        boolean first = true;
        for (var e : all.entrySet()) {
            if (first || include.matcher(e.getKey()).find()) {   // the anchor always runs
                names.add(e.getKey());
                ops.add(e.getValue());
            }
            first = false;
        }
        long pid = ProcessHandle.current().pid();
        for (LongUnaryOperator op : ops)
            if (op.applyAsLong(1) % pid != 0) throw new IllegalStateException("a variant did not return getpid");
        double[][] ns = new double[ops.size()][rounds];
        long sink = 0;
        for (int r = -WARMUP_ROUNDS; r < rounds; r++) {
            for (int v = 0; v < ops.size(); v++) {
                long t0 = System.nanoTime();
                sink += ops.get(v).applyAsLong(SLICE);
                long t1 = System.nanoTime();
                if (r >= 0) ns[v][r] = (double) (t1 - t0) / SLICE;
            }
        }
        double anchor = median(ns[0]);
        for (int v = 0; v < ops.size(); v++) {
            double[] s = ns[v].clone();
            Arrays.sort(s);
            double iqrHalf = (s[s.length * 3 / 4] - s[s.length / 4]) / 2;
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) ratios[r] = ns[v][r] / ns[0][r];
            System.out.printf("%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.4f%n", names.get(v), median(s), s[0], iqrHalf, anchor, median(ratios));
        }
        System.err.println("(sink " + sink + ")");
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
