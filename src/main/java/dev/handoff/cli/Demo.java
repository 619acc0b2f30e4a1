package dev.handoff.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** The demo: grows with the project (see README). */
@Command(name = "demo", description = "Show Handoff's system calls and scheduler at work.")
final class Demo implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("handoff demo: under construction");
        return 0;
    }
}
