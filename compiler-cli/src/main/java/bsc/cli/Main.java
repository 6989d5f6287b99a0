package bsc.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    subcommands = {CompileCommand.class, InspectCommand.class, ModelsCommand.class, PruneCommand.class, VerifyCommand.class,
        QuantizeCommand.class, RunCommand.class, SimulateCommand.class, TrainCommand.class, EvalCommand.class,
        SweepCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:internal error, a bug in bsc (--debug prints the stack trace)",
        "2:bad usage or bad input (one line 'bsc: error: <where>: <what>' on stderr)",
        "3:bsc sweep: some combinations failed (their rows say status=failed and why)"})
public final class Main implements Runnable {
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
    CommandLine cl = new CommandLine(new Main())
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
}
