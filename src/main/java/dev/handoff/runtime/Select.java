package dev.handoff.runtime;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed and performs exactly
 * that one. Two ways to write it:
 *
 * <pre>{@code
 * // reusable builder: no allocation per select once warm
 * Select s = new Select();
 * int r = s.recv(jobs), q = s.recv(quit), o = s.send(out, v);
 * int chosen = s.select();            // or s.selectOrDefault(): Select.DEFAULT when none is ready
 * if (chosen == r) use(s.value(), s.ok());
 * s.clear();
 *
 * // one-shot, reads like Go
 * Select.select(
 *     Select.onRecv(jobs, job -> work(job)),
 *     Select.onSend(out, v, () -> sent()),
 *     Select.onDefault(() -> idle()));
 * }</pre>
 *
 * <h2>Implementation (after Go's select.go)</h2>
 * <ol>
 *   <li>Poll order: a fresh random permutation of the cases per select, so no ready case is starved
 *       (Go's pollorder). Lock order: the cases sorted by channel id, duplicates locked once (Go's
 *       lockorder). Every select locks its channels in ascending id order, so two selects over the
 *       same channels cannot deadlock each other.</li>
 *   <li>Pass 1, all channels locked: the first ready case in poll order runs, as in {@link Chan}.
 *       None ready and a default: unlock, return {@link #DEFAULT}.</li>
 *   <li>Pass 2: one {@link Sudog} per case, each enqueued on its channel with {@code isSelect};
 *       park, releasing every lock only once parked.</li>
 *   <li>A waker must win the party's {@code selectDone} CAS before it may use one of these Sudogs; the
 *       winner records its Sudog in {@code param}. On waking: relock, take {@code param} as the chosen
 *       case, and unlink the other Sudogs from their channels (pass 3).</li>
 * </ol>
 * A {@code null} channel or {@link Chan#nil()} is a case that is never ready (Go's nil-channel idiom to
 * switch a case off). No cases and no default blocks forever ({@code select {}}).
 *
 * <p>Not thread-safe: one Select belongs to one goroutine or thread at a time.
 */
public final class Select {
    /** What {@link #selectOrDefault()} returns when no case was ready. */
    public static final int DEFAULT = -1;

    private Chan<?>[] chans = new Chan<?>[4];
    private Object[] sendVals = new Object[4];
    private boolean[] isSend = new boolean[4];
    private int[] pollorder = new int[4], lockorder = new int[4];
    private int ncases, nlock;

    private Object value;
    private boolean ok;
    private final Runnable unlockAll = this::unlockAll;

    /** Adds {@code v := <-c}; returns the case's index. */
    public int recv(Chan<?> c) {
        return add(c, null, false);
    }

    /** Adds {@code c <- v}; returns the case's index. */
    public <T> int send(Chan<T> c, T v) {
        Objects.requireNonNull(v, "Chan elements must not be null (null is what a closed channel yields)");
        return add(c, v, true);
    }

    private int add(Chan<?> c, Object v, boolean send) {
        if (ncases == chans.length) grow();
        int i = ncases++;
        chans[i] = c;
        sendVals[i] = v;
        isSend[i] = send;
        return i;
    }

    private void grow() {
        int n = chans.length * 2;
        chans = Arrays.copyOf(chans, n);
        sendVals = Arrays.copyOf(sendVals, n);
        isSend = Arrays.copyOf(isSend, n);
        pollorder = new int[n];
        lockorder = new int[n];
    }

    /** Removes all cases (and the last result), to reuse this Select. */
    public Select clear() {
        Arrays.fill(chans, 0, ncases, null);
        Arrays.fill(sendVals, 0, ncases, null);
        ncases = 0;
        value = null;
        ok = false;
        return this;
    }

    /** The value received by the chosen receive case (null if the channel was closed). */
    @SuppressWarnings("unchecked")
    public <T> T value() {
        return (T) value;
    }

    /** Go's ok: true if the chosen receive case got a value, false if its channel was closed. */
    public boolean ok() {
        return ok;
    }

    /** Blocks until a case can proceed, performs it and returns its index. */
    public int select() {
        return run(true);
    }

    /** Performs a ready case and returns its index, or returns {@link #DEFAULT} if none is ready. */
    public int selectOrDefault() {
        return run(false);
    }

    private int run(boolean block) {
        value = null;
        ok = false;
        int npoll = orderCases();
        if (npoll == 0) {
            if (!block) return DEFAULT;
            Waiter.current().parkForever(this, WaitReason.SELECT_NO_CASES);
            throw new AssertionError("unreachable");
        }
        Waiter me = block ? Waiter.current() : null;
        lockAll();

        // Pass 1: the first ready case in poll order.
        for (int k = 0; k < npoll; k++) {
            int i = pollorder[k];
            Chan<?> c = chans[i];
            if (isSend[i]) {
                if (c.closed) {
                    unlockAll();
                    throw new ChanClosedException("send on closed channel");
                }
                Sudog sg = c.recvq.dequeue();
                if (sg != null) {
                    Waiter w = Chan.handToReceiver(sg, sendVals[i]);
                    unlockAll();
                    w.ready();
                    return i;
                }
                if (c.qcount < c.dataqsiz) {
                    c.putBuffer(sendVals[i]);
                    unlockAll();
                    return i;
                }
            } else {
                Sudog sg = c.sendq.dequeue();
                if (sg != null) {
                    value = c.takeFromSender(sg);
                    ok = true;
                    Waiter w = sg.waiter;
                    unlockAll();
                    w.ready();
                    return i;
                }
                if (c.qcount > 0) {
                    value = c.takeBuffer();
                    ok = true;
                    unlockAll();
                    return i;
                }
                if (c.closed) {
                    unlockAll();
                    return i;
                }
            }
        }
        if (!block) {
            unlockAll();
            return DEFAULT;
        }

        // Pass 2: wait on every channel.
        Sudog head = null, tail = null;
        for (int k = 0; k < nlock; k++) {
            int i = lockorder[k];
            Chan<?> c = chans[i];
            Sudog s = me.acquireSudog();
            s.isSelect = true;
            s.ticket = i;
            if (isSend[i]) {
                s.elem = sendVals[i];
                c.sendq.enqueue(s);
            } else {
                c.recvq.enqueue(s);
            }
            if (head == null) head = s;
            else tail.waitlink = s;
            tail = s;
        }
        me.param = null;
        me.prepareToPark();
        me.park(unlockAll, this, WaitReason.SELECT);

        // Pass 3: take the winner, unlink the rest.
        lockAll();
        me.resetSelectDone();
        Sudog won = me.param;
        me.param = null;
        int chosen = -1;
        boolean success = false;
        Object v = null;
        for (Sudog s = head; s != null; ) {
            Sudog next = s.waitlink;
            s.isSelect = false;
            if (s == won) {
                chosen = s.ticket;
                success = s.success;
                v = s.elem;
            } else if (isSend[s.ticket]) {
                chans[s.ticket].sendq.remove(s);
            } else {
                chans[s.ticket].recvq.remove(s);
            }
            s.waitlink = null;
            me.releaseSudog(s);
            s = next;
        }
        unlockAll();
        if (chosen < 0) throw new IllegalStateException("select: woken without a winning case");
        if (isSend[chosen]) {
            if (!success) throw new ChanClosedException("send on closed channel");
        } else {
            value = v;
            ok = success;
        }
        return chosen;
    }

    /**
     * Fills pollorder with a random permutation of the live (non-nil) cases and lockorder with the same
     * cases sorted by channel id; returns how many are live. nlock counts one entry per case, including
     * repeats of a channel (each case gets its own Sudog); locking skips the repeats.
     */
    private int orderCases() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = 0;
        for (int i = 0; i < ncases; i++) {
            Chan<?> c = chans[i];
            if (c == null || c.isNil()) continue;
            int j = rnd.nextInt(n + 1); // inside-out Fisher-Yates
            pollorder[n] = pollorder[j];
            pollorder[j] = i;
            n++;
        }
        for (int k = 0; k < n; k++) { // insertion sort by id: selects are small
            int i = pollorder[k];
            long id = chans[i].id;
            int m = k - 1;
            while (m >= 0 && chans[lockorder[m]].id > id) {
                lockorder[m + 1] = lockorder[m];
                m--;
            }
            lockorder[m + 1] = i;
        }
        nlock = n;
        return n;
    }

    private void lockAll() {
        Chan<?> prev = null;
        for (int k = 0; k < nlock; k++) {
            Chan<?> c = chans[lockorder[k]];
            if (c != prev) c.lock();
            prev = c;
        }
    }

    private void unlockAll() {
        Chan<?> prev = null;
        for (int k = nlock - 1; k >= 0; k--) {
            Chan<?> c = chans[lockorder[k]];
            if (c != prev) c.unlock();
            prev = c;
        }
    }

    // ---- the one-shot form ----

    /** One case of {@link #select(Case...)}. */
    public sealed interface Case permits RecvCase, SendCase, DefaultCase {}

    record RecvCase<T>(Chan<T> c, Consumer<? super T> then, Consumer<Received<T>> thenOk) implements Case {}

    record SendCase<T>(Chan<T> c, T v, Runnable then) implements Case {}

    record DefaultCase(Runnable then) implements Case {}

    /** {@code case v := <-c}: {@code then} gets the value, or null if {@code c} was closed. */
    public static <T> Case onRecv(Chan<T> c, Consumer<? super T> then) {
        return new RecvCase<>(c, Objects.requireNonNull(then), null);
    }

    /** {@code case v, ok := <-c}. */
    public static <T> Case onRecvOk(Chan<T> c, Consumer<Received<T>> then) {
        return new RecvCase<>(c, null, Objects.requireNonNull(then));
    }

    /** {@code case c <- v}. */
    public static <T> Case onSend(Chan<T> c, T v, Runnable then) {
        return new SendCase<>(c, Objects.requireNonNull(v, "Chan elements must not be null"), Objects.requireNonNull(then));
    }

    /** {@code default}. */
    public static Case onDefault(Runnable then) {
        return new DefaultCase(Objects.requireNonNull(then));
    }

    /** Runs a Go select over {@code cases} (at most one default) and then the chosen case's action. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void select(Case... cases) {
        Select s = new Select();
        Case[] byIndex = new Case[cases.length];
        Runnable dflt = null;
        for (Case c : cases) {
            switch (c) {
                case RecvCase r -> byIndex[s.recv(r.c())] = r;
                case SendCase sc -> byIndex[s.send(sc.c(), sc.v())] = sc;
                case DefaultCase d -> {
                    if (dflt != null) throw new IllegalArgumentException("select: multiple defaults");
                    dflt = d.then();
                }
            }
        }
        int i = dflt != null ? s.selectOrDefault() : s.select();
        if (i == DEFAULT) {
            dflt.run();
            return;
        }
        switch (byIndex[i]) {
            case RecvCase r -> {
                if (r.then() != null) r.then().accept(s.value());
                else r.thenOk().accept(s.ok() ? new Received<>(s.value()) : Received.closed());
            }
            case SendCase sc -> sc.then().run();
            default -> throw new AssertionError();
        }
    }
}
