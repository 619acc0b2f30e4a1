package dev.handoff.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goals of issue 4 (the runtime), checked against one run's rows for the generated section of
 * docs/benchmarks.md: spawn+complete ≤ 0.75x the better of Go and Loom; {@code syscall(getpid)}
 * from a goroutine ≤ 0.80x Go's {@code syscall.Syscall}; ≥ 95 % of compute throughput kept while
 * 4 x GOMAXPROCS goroutines block in syscalls; handoff latency p99 ≤ 0.5x Go's and ≤ 100 µs.
 * A goal whose rows are not in the run is left out.
 */
final class Issue4 {
    private Issue4() {}

    static void goals(List<Report.Row> rows, StringBuilder b) {
        List<String> out = new ArrayList<>();
        for (String op : List.of("spawn", "spawnBatched")) {
            Report.Row h = find(rows, "spawn.Handoff." + op), g = find(rows, "spawn.Go." + op), l = find(rows, "spawn.Loom." + op);
            if (h == null || h.ns() == null || (ns(g) == null && ns(l) == null)) continue;
            Report.Row better = ns(l) == null || (ns(g) != null && g.ns() <= l.ns()) ? g : l;
            Double bestOther = min(best(g), best(l));
            double r = h.ns() / better.ns();
            Double rb = best(h) == null || bestOther == null ? null : best(h) / bestOther;
            out.add(String.format(Locale.ROOT, "- spawn+complete `%s` (goal ≤ 0.75x the better of Go and Loom): Handoff %.0f ns,"
                            + " Go %s ns, Loom %s ns: **%.2fx** `%s` → **%s**; best iterations %s → %s",
                    op, h.ns(), fmt(ns(g), "%.0f"), fmt(ns(l), "%.0f"), r, better.name(), verdict(r <= 0.75),
                    fmt(rb, "%.2fx"), rb == null ? "?" : verdict(rb <= 0.75)));
        }
        Report.Row gs = find(rows, "getpid.Go.Syscall");
        for (String v : List.of("Trampoline", "TrampolineSmb")) {
            Report.Row h = find(rows, "getpid.HandoffGoroutine." + v + ".syscall");
            if (ns(h) == null || ns(gs) == null) continue;
            double r = h.ns() / gs.ns();
            Double rb = best(h) == null || best(gs) == null ? null : best(h) / best(gs);
            out.add(String.format(Locale.ROOT, "- `syscall(getpid)` from a goroutine, `%s` (goal ≤ 0.80x Go's `syscall.Syscall`):"
                            + " %.1f ns vs %.1f ns: **%.2fx** → **%s**; best %s → %s",
                    h.name(), h.ns(), gs.ns(), r, verdict(r <= 0.80), fmt(rb, "%.2fx"), rb == null ? "?" : verdict(rb <= 0.80)));
        }
        Report.Row kr = find(rows, "kept.HandoffReaders.syscall");
        if (ns(kr) != null) {
            out.add(String.format(Locale.ROOT, "- compute throughput kept while 4 × P goroutines block in syscalls (goal ≥ 95 %%),"
                            + " blockers in the kernel for the whole window: Handoff `syscall` **%.1f %%** → **%s** (Go `Syscall` %s %%,"
                            + " Loom + FFM %s %%, Loom + Handoff's Blocker %s %%)",
                    kr.ns(), verdict(kr.ns() >= 95), fmt(ns(find(rows, "kept.GoReaders.Syscall")), "%.1f"),
                    fmt(ns(find(rows, "kept.LoomReaders.ffmDowncall")), "%.1f"),
                    fmt(ns(find(rows, "kept.LoomReaders.handoffSyscallBlocker")), "%.1f")));
        }
        Report.Row k = find(rows, "kept.Handoff.syscall");
        if (ns(k) != null) {
            out.add(String.format(Locale.ROOT, "- the same with half the blockers looping over 10 ms nanosleeps (harder: every"
                            + " return needs a P back; not the issue's workload, reported beside it): Handoff `syscall`"
                            + " **%.1f %%** (Go `Syscall` %s %%, Handoff `rawSyscall` %s %%, Loom + FFM %s %%)",
                    k.ns(), fmt(ns(find(rows, "kept.Go.Syscall")), "%.1f"),
                    fmt(ns(find(rows, "kept.Handoff.rawSyscall")), "%.1f"), fmt(ns(find(rows, "kept.Loom.ffmDowncall")), "%.1f")));
        }
        Report.Row hp = find(rows, "latency.Handoff.p99"), gp = find(rows, "latency.Go.p99");
        if (ns(hp) != null) {
            boolean abs = hp.ns() <= 100;
            String rel = ns(gp) == null ? "Go's p99 not measured"
                    : String.format(Locale.ROOT, "Go's p99 %.1f µs: **%.2fx** → **%s**", gp.ns(), hp.ns() / gp.ns(), verdict(hp.ns() <= 0.5 * gp.ns()));
            out.add(String.format(Locale.ROOT, "- handoff latency p99 (goal ≤ 0.5x Go's and ≤ 100 µs): Handoff **%.1f µs**"
                            + " (≤ 100 µs → **%s**); %s; p50 Handoff %s µs, Go %s µs",
                    hp.ns(), verdict(abs), rel, fmt(ns(find(rows, "latency.Handoff.p50")), "%.1f"),
                    fmt(ns(find(rows, "latency.Go.p50")), "%.1f")));
        }
        if (out.isEmpty()) return;
        b.append("\n#### Goals of issue 4 (the runtime), in this run\n\n");
        out.forEach(o -> b.append(o).append('\n'));
    }

    private static Report.Row find(List<Report.Row> rows, String name) {
        for (Report.Row r : rows) if (r.name().equals(name)) return r;
        return null;
    }

    private static Double ns(Report.Row r) { return r == null ? null : r.ns(); }

    private static Double best(Report.Row r) { return r == null ? null : r.best(); }

    private static Double min(Double a, Double b) {
        return a == null ? b : b == null ? a : Math.min(a, b);
    }

    private static String verdict(boolean met) { return met ? "met" : "missed"; }

    private static String fmt(Double d, String f) { return d == null ? "-" : String.format(Locale.ROOT, f, d); }
}
