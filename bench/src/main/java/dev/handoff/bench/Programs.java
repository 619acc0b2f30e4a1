package dev.handoff.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Shared pieces of the harness's "program" workloads: measurements that are not a time per
 * operation (percent of throughput kept, latency percentiles, bytes per parked task), so not JMH.
 * A program is a class {@code dev.handoff.bench.WORKLOAD.*Program} with a {@code main}:
 * <pre>
 *   java ... WORKLOAD.XProgram -l              list its program names, e.g. kept.Handoff
 *   java ... WORKLOAD.XProgram quick|full NAME run one of them (bench/run: one JVM per name)
 * </pre>
 * and prints one line per result on stdout, tab-separated ({@link #emit}):
 * {@code name <TAB> value <TAB> unit <TAB> note}. Anything else goes to stderr. bench/run keeps
 * the lines whose name starts with the workload; the Go side ({@code bench-go -p NAME quick|full})
 * prints the same format.
 */
public final class Programs {
    private Programs() {}

    /** Handles {@code -l} and the argument check; returns the name to run, or null after listing. */
    public static String parse(String[] args, List<String> names) {
        if (args.length == 1 && args[0].equals("-l")) {
            names.forEach(System.out::println);
            return null;
        }
        if (args.length != 2 || !(args[0].equals("quick") || args[0].equals("full")) || !names.contains(args[1])) {
            System.err.println("usage: PROGRAM -l | PROGRAM quick|full NAME   (names: " + names + ")");
            System.exit(2);
        }
        return args[1];
    }

    public static boolean quick(String[] args) {
        return args[0].equals("quick");
    }

    /** One result line. The note must not contain tabs or '|'. */
    public static void emit(String name, double value, String unit, String note) {
        System.out.printf(Locale.ROOT, "%s\t%.2f\t%s\t%s%n", name, value, unit, note);
        System.out.flush();
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Sorts {@code nanos} and emits {@code name.p50/.p90/.p99/.max} in µs; the note goes on the first row. */
    public static void emitPercentiles(String name, long[] nanos, String note) {
        Arrays.sort(nanos);
        emit(name + ".p50", percentile(nanos, 50) / 1e3, "µs", note);
        emit(name + ".p90", percentile(nanos, 90) / 1e3, "µs", "");
        emit(name + ".p99", percentile(nanos, 99) / 1e3, "µs", "");
        emit(name + ".max", nanos[nanos.length - 1] / 1e3, "µs", "");
    }

    /** The p-th percentile (0 < p <= 100) of sorted values: the smallest value with at least p % at or below it. */
    public static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** One unit of compute for the throughput programs: 20,000 xorshift steps (the Go side does the same). */
    public static long work(long x) {
        for (int k = 0; k < 20_000; k++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
