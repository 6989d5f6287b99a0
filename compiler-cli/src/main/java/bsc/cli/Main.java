package bsc.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code bsc} command: its sub-commands, global options and the process entry point. */
@Command(
    name = "bsc",
    mixinStandardHelpOptions = true,
    versionProvider = BscVersion.class,
    description = "Compiles block-sparse CNNs for AMD AI Engine ML (AIE2) arrays.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:internal error, a bug in bsc (--debug prints the stack trace)",
        "2:bad usage or bad input (one line 'bsc: error: <where>: <what>' on stderr)",
        "3:bsc sweep: some combinations failed (their rows say status=failed and why)"})
public final class Main implements Runnable {
  /**
   * The sub-commands by name, in the order the usage lists them. Picocli builds a command's model by reflection
   * over its class when it is registered, and its own classes are Java 5 bytecode, which class-data sharing does
   * not archive: registering only the one named cut a cold {@code bsc compile resnet50} from 2.62 to 2.19 s of
   * CPU on a 2-core EPYC (docs/BENCHMARKS.md, 2026-12-03), so a command line that starts with a sub-command's
   * name registers only that one.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands(CompileCommand.class, InspectCommand.class,
      ModelsCommand.class, PruneCommand.class, VerifyCommand.class, QuantizeCommand.class, RunCommand.class,
      SimulateCommand.class, TrainCommand.class, EvalCommand.class, SweepCommand.class, CommandLine.HelpCommand.class);

  /** The system property slf4j-simple reads for its level; set before any logger exists. */
  private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  @Spec
  CommandSpec spec;

  /** Declared here for every command; ErrorReporter reads it from the parse result, at any level. */
  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print the stack trace of errors and log at debug level.")
  boolean debug;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "no command given");
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--debug")) {
      System.setProperty(LOG_LEVEL_PROPERTY, "debug");
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs {@code bsc args} in this process with the given writers and returns the exit code. Every
   * failure, including an {@link Error} escaping a command, ends in {@link ErrorReporter}.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    ErrorReporter reporter = new ErrorReporter();
    CommandLine cl = commandLine(args)
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(reporter)
        .setExecutionExceptionHandler(reporter);
    try {
      return cl.execute(args);
    } catch (Throwable t) { // picocli lets Errors (OutOfMemoryError, StackOverflowError) through
      return reporter.report(t, err, ErrorReporter.debugRequested(cl.getParseResult()));
    } finally {
      out.flush();
    }
  }

  /**
   * The command tree for {@code args}: only the named sub-command when {@code args} starts with one (but
   * {@code help}, which lists them all), else all of them. Picocli hands the writers and exception handlers set
   * afterwards to every sub-command registered so far, so they are registered here, first.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length == 0 ? "" : args[0];
    boolean one = SUBCOMMANDS.containsKey(first) && !"help".equals(first);
    SUBCOMMANDS.forEach((name, command) -> {
      if (!one || name.equals(first)) {
        cl.addSubcommand(name, command);
      }
    });
    return cl;
  }

  private static Map<String, Class<?>> subcommands(Class<?>... commands) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> c : commands) {
      byName.put(c.getAnnotation(Command.class).name(), c);
    }
    return Collections.unmodifiableMap(byName);
  }
}
