package dev.handoff.runtime;

import static org.openjdk.jcstress.annotations.Expect.*;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * jcstress: a goroutine's own runnext ({@link NextG}). The owner (G1, running on M with P) readies
 * x into its slot, then parks (stopRunning) and its M takes the slot; a thief on another P tries to
 * steal x through the grace rule at the same time. x must be taken exactly once: r1 counts x over
 * the owner's take, the thief's steal and whatever is left in the slot; r2 is 1 when the thief got
 * it; r3 is 1 when the put took the fast path (it always should: slot and runnext are empty).
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "1, 1, 1"}, expect = ACCEPTABLE, desc = "x taken exactly once")
@Outcome(expect = FORBIDDEN, desc = "x lost or taken twice, or the put refused an empty slot")
@State
public class NextGStealTest {
    private static final Sched SCHED = new Sched(1, 10);
    final P p = new P(0);
    final M m = new M(SCHED, 1);
    final G g1 = new G(), x = new G();
    G ownerGot, thiefGot;
    boolean fast;

    public NextGStealTest() {
        if (!p.casStatus(PStatus._Pstop, PStatus._Prunning)) throw new AssertionError();
        if (!g1.casStatus(GStatus._Gidle, GStatus._Grunning)) throw new AssertionError();
        m.p = p;
        m.curg = g1;
        p.setM(m);
    }

    @Actor
    public void owner() {
        fast = NextG.put(m, g1, x);
        Schedule.stopRunning(g1, GStatus._Gwaiting); // the park: from here on the slot is the M's
        ownerGot = NextG.take(g1);
    }

    @Actor
    public void thief() {
        thiefGot = NextG.steal(p);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int n = 0;
        if (ownerGot == x) n++;
        if (thiefGot == x) n++;
        if (g1.nextg() == x) n++;
        r.r1 = n;
        r.r2 = thiefGot == x ? 1 : 0;
        r.r3 = fast ? 1 : 0;
    }
}
