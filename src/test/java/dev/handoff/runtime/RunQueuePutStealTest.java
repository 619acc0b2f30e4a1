package dev.handoff.runtime;

import static org.openjdk.jcstress.annotations.Expect.*;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * jcstress: the owner puts a into the ring and b into runnext, then takes one; a thief steals
 * (runnext allowed) at the same time. Every G must be taken exactly once: r1 and r2 count how
 * many times a and b were seen across the owner's take, the thief's steal and both queues'
 * leftovers; r3 is how many the thief got.
 */
@JCStressTest
@Outcome(id = {"1, 1, 0", "1, 1, 1"}, expect = ACCEPTABLE, desc = "each G taken exactly once")
@Outcome(expect = FORBIDDEN, desc = "a G was lost or taken twice")
@State
public class RunQueuePutStealTest {
    final RunQueue owner = new RunQueue();
    final RunQueue thief = new RunQueue();
    final G a = new G(), b = new G();
    G ownerGot, thiefGot;

    @Actor
    public void owner() {
        owner.put(a, false, null);
        owner.put(b, true, null);
        ownerGot = owner.get();
    }

    @Actor
    public void thief() {
        thiefGot = thief.steal(owner, true);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int na = 0, nb = 0, stolen = 0;
        for (G g : new G[] {ownerGot, thiefGot}) {
            if (g == a) na++;
            if (g == b) nb++;
        }
        if (thiefGot != null) stolen++;
        G g;
        while ((g = owner.get()) != null) {
            if (g == a) na++;
            if (g == b) nb++;
        }
        while ((g = thief.get()) != null) {
            if (g == a) na++;
            if (g == b) nb++;
            stolen++;
        }
        r.r1 = na;
        r.r2 = nb;
        r.r3 = stolen;
    }
}
