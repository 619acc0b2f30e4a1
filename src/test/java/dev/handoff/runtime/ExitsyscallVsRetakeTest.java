package dev.handoff.runtime;

import static org.openjdk.jcstress.annotations.Expect.*;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * jcstress: a G returns from a syscall (exitsyscallfast: one CAS, then "is m.p still mine?")
 * while sysmon retakes its P (takeP). Exactly one side must end up with the P. r1: the G kept
 * it; r2: sysmon took it; r3: the P, seen afterwards, is owned by the G's M (1) or idle and
 * detached (0).
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the G won: fast exit, P kept")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "sysmon won: P taken, the G must find another")
@Outcome(expect = FORBIDDEN, desc = "both or neither own the P")
@State
public class ExitsyscallVsRetakeTest {
    final P pp = new P(0);
    final M mp = new M(null, 1);
    final G gp = new G();
    int kept, taken;

    public ExitsyscallVsRetakeTest() {
        PStatus.caspstatus(pp, PStatus._Pstop, PStatus._Pidle);
        Handoff.acquirep(mp, pp);
        GStatus.casgstatus(gp, GStatus._Gidle, GStatus._Gdead);
        GStatus.casgstatus(gp, GStatus._Gdead, GStatus._Grunnable);
        GStatus.casgstatus(gp, GStatus._Grunnable, GStatus._Grunning);
        mp.curg = gp;
        gp.m = mp;
        GStatus.casgstatus(gp, GStatus._Grunning, GStatus._Gsyscall); // entersyscall
    }

    @Actor
    public void exitsyscall() {
        kept = Syscalls.exitsyscallfast(mp, gp) ? 1 : 0;
    }

    @Actor
    public void retake() {
        taken = Syscalls.takeP(pp, mp, gp, GStatus._Gsyscall) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = kept;
        r.r2 = taken;
        boolean owned = mp.p == pp && pp.m() == mp && pp.status() == PStatus._Prunning;
        boolean detached = mp.p == null && pp.m() == null && pp.status() == PStatus._Pidle;
        r.r3 = owned && !detached ? 1 : detached && !owned ? 0 : 9;
    }
}
