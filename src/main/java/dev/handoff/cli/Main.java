package dev.handoff.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.handoff.gen.MkTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The runnable jar's entry point: {@code java -jar handoff.jar COMMAND}. */
@Command(name = "handoff", mixinStandardHelpOptions = true, version = "handoff 0.1.0",
        description = "Go's syscall package and G/M/P scheduler for Java 25.",
        subcommands = {Demo.class, Main.MkTablesCommand.class, MkConstantsCommand.class, dev.handoff.gen.MkSyscall.class})
public final class Main implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "mktables", description = "Regenerate SysNum.java and Errno.java from this machine's headers.")
    static final class MkTablesCommand implements Callable<Integer> {
        @CommandLine.Option(names = "--root", description = "project directory (default: .)", defaultValue = ".")
        Path root;

        @Override
        public Integer call() throws Exception {
            MkTables.write(root);
            System.out.println("wrote " + root.resolve(MkTables.SYSNUM) + " and " + root.resolve(MkTables.ERRNO));
            return 0;
        }
    }
}
