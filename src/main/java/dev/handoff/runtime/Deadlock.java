package dev.handoff.runtime;

import static dev.handoff.runtime.GStatus.*;

/**
 * Deadlock detection (Go's checkdead): called, with the scheduler lock held, whenever an M goes
 * idle, parks for its locked G, or exits. If no M is running, no goroutine is runnable, running or
 * in a syscall, and no timer is pending, nothing can ever wake anybody: the program dies with Go's
 * "fatal error: all goroutines are asleep - deadlock!" and a goroutine dump, instead of hanging.
 *
 * <p>An M counts as running while it executes a goroutine, sits in a syscall or is blocked inside
 * the JDK (with or without its P), so a goroutine waiting for a socket or a {@code Thread.sleep} is
 * never mistaken for a deadlock. Only a runtime started by {@code Go.main} is checked: a background
 * runtime ({@code Go.start}) may be woken by plain Java threads, which the scheduler cannot see.
 * The same caveat holds inside {@code Go.main}: a goroutine that only a plain Java thread will
 * ready looks deadlocked; run that thread's work as a goroutine, or inside {@code Go.blocking}.
 */
final class Deadlock {
    private Deadlock() {}

    /** Lock held. */
    static void checkdead(Sched s) {
        if (s.shutdown || !s.mainRunning) return;
        int run = s.mcount - s.nmidle - s.nmidlelocked;
        if (run > 0) return;
        if (run < 0) return; // a locked M is being handed a P right now
        // Timers first (see TimerHeap.busy): one about to ready a goroutine counts until it has.
        if (timersBusy(s)) return; // sleeping, not dead
        int waiting = 0;
        for (G gp : s.allgs()) {
            int st = gp.status() & ~_Gscan;
            if (st == _Gwaiting) waiting++;
            else if (st == _Grunnable || st == _Grunning || st == _Gsyscall) return; // someone will run it
        }
        if (timersBusy(s)) return; // a timer armed meanwhile
        Fatal.fatal(s, null, waiting == 0 ? "no goroutines (main called goexit) - deadlock!"
                : "all goroutines are asleep - deadlock!");
    }

    /**
     * Pending or firing timers in any P's heap, or in the shared heap that timers armed off a P go to
     * (a goroutine whose P was just taken arms its timer there; its driver thread is no M).
     */
    private static boolean timersBusy(Sched s) {
        if (TimerHeap.SHARED.busy()) return true;
        for (P p2 : s.allp) {
            if (p2 != null && (p2.timers instanceof TimerHeap h ? h.busy()
                    : p2.timers != TimerSource.NONE && p2.timers.next() != Long.MAX_VALUE)) {
                return true;
            }
        }
        return false;
    }
}
