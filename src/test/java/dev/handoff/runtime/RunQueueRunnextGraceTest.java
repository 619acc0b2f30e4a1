package dev.handoff.runtime;

import static org.openjdk.jcstress.annotations.Expect.*;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * jcstress: runnext of a running P (the grace rule, RunQueue's class comment). The owner readies
 * b into runnext, runs it (get), then readies c; a thief steals with runnext allowed, so it sleeps
 * through the grace period whenever it finds only runnext, then CASes, starting over if runnext
 * changed. Every G must be taken exactly once: r1 and r2 count b and c over the owner's take, the
 * thief's steal and both queues' leftovers; r3 is how many the thief got.
 */
@JCStressTest
@Outcome(id = {"1, 1, 0", "1, 1, 1"}, expect = ACCEPTABLE, desc = "each G taken exactly once")
@Outcome(expect = FORBIDDEN, desc = "a G was lost or taken twice")
@State
public class RunQueueRunnextGraceTest {
    final P victim = running();
    final RunQueue owner = victim.runq;
    final RunQueue thief = new RunQueue();
    final G b = new G(), c = new G();
    G ownerGot, thiefGot;

    private static P running() {
        P pp = new P(0);
        if (!pp.casStatus(PStatus._Pstop, PStatus._Prunning)) throw new AssertionError();
        return pp;
    }

    @Actor
    public void owner() {
        owner.put(b, true, null);
        ownerGot = owner.get();
        owner.put(c, true, null);
    }

    @Actor
    public void thief() {
        thiefGot = thief.steal(owner, true);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int nb = 0, nc = 0, stolen = 0;
        for (G g : new G[] {ownerGot, thiefGot}) {
            if (g == b) nb++;
            if (g == c) nc++;
        }
        if (thiefGot != null) stolen++;
        G g;
        while ((g = owner.get()) != null) {
            if (g == b) nb++;
            if (g == c) nc++;
        }
        while ((g = thief.get()) != null) {
            if (g == b) nb++;
            if (g == c) nc++;
            stolen++;
        }
        r.r1 = nb;
        r.r2 = nc;
        r.r3 = stolen;
    }
}
