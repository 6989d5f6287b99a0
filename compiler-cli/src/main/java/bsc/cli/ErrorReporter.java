package bsc.cli;

import bsc.ir.BscException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become messages and exit codes (DESIGN.md section 9): a
 * {@link BscException} is bad input, one line and exit 2; a usage error is exit 2 with a hint; anything
 * else is a bug, exit 1, with the stack trace only under {@code --debug}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int BAD_INPUT = ExitCode.USAGE;
  static final int BUG = ExitCode.SOFTWARE;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("bsc: error: " + PlainText.oneLine(ex.getMessage()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    return BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    return report(ex, cl.getErr(), debugRequested(parseResult));
  }

  int report(Throwable t, PrintWriter err, boolean debug) {
    if (t instanceof BscException e) {
      err.println("bsc: error: " + PlainText.oneLine(e.getMessage()));
      if (debug) {
        t.printStackTrace(err);
      }
      return BAD_INPUT;
    }
    err.println("bsc: internal error: " + PlainText.oneLine(String.valueOf(t)));
    if (debug) {
      t.printStackTrace(err);
    } else {
      err.println("bsc: this is a bug in bsc; run again with --debug to see the stack trace");
    }
    err.flush();
    return BUG;
  }

  /** Whether {@code --debug} was given at any level of the command line (null before parsing). */
  static boolean debugRequested(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
