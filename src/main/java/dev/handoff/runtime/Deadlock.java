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
        int waiting = 0;
        for (G gp : s.allgs()) {
            int st = gp.status() & ~_Gscan;
            if (st == _Gwaiting) waiting++;
            else if (st == _Grunnable || st == _Grunning || st == _Gsyscall) return; // someone will run it
        }
        if (Schedule.earliestTimer(s) != Long.MAX_VALUE) return; // sleeping, not dead
        Fatal.fatal(s, null, waiting == 0 ? "no goroutines (main called goexit) - deadlock!"
                : "all goroutines are asleep - deadlock!");
    }
}
