package dev.handoff.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.handoff.gen.MkConstants;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./handoff run mkconstants}: regenerates ZConstants.java. */
@Command(name = "mkconstants", description = "Regenerate ZConstants.java from this machine's kernel and glibc headers.")
final class MkConstantsCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--root", description = "project directory (default: .)", defaultValue = ".")
    Path root;

    @Override
    public Integer call() throws Exception {
        MkConstants.write(root);
        System.out.println("wrote " + root.resolve(MkConstants.OUT));
        return 0;
    }
}
