package bsc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree Main registers: all sub-commands, or only the one a command line starts with. */
class MainTest {
  @Test
  void aCommandLineStartingWithASubcommandRegistersOnlyThatOne() {
    for (String name : Main.SUBCOMMANDS.keySet()) {
      List<String> registered = List.copyOf(Main.commandLine(new String[] {name, "--help"}).getSubcommands().keySet());
      assertEquals("help".equals(name) ? List.copyOf(Main.SUBCOMMANDS.keySet()) : List.of(name), registered, name);
    }
  }

  @Test
  void otherCommandLinesRegisterEverySubcommandInUsageOrder() {
    List<String> expected = List.of("compile", "inspect", "models", "prune", "verify", "quantize", "run", "simulate",
        "train", "eval", "sweep", "help");
    for (String[] args : new String[][] {{}, {"--help"}, {"--debug", "compile"}, {"inspekt"}}) {
      assertEquals(expected, List.copyOf(Main.commandLine(args).getSubcommands().keySet()), List.of(args).toString());
    }
  }

  /** Every usage text (the command's whole option model) of the one-command tree is the full tree's, nested ones too. */
  @Test
  void aSubcommandRegisteredAloneHasTheSameModelAsInTheFullTree() {
    Map<String, CommandLine> full = Main.commandLine(new String[0]).getSubcommands();
    for (String name : Main.SUBCOMMANDS.keySet()) {
      CommandLine alone = Main.commandLine(new String[] {name}).getSubcommands().get(name);
      assertEquals(usages(full.get(name)), usages(alone), name);
    }
  }

  @Test
  void aSubcommandRegisteredAloneReportsItsErrorsThroughTheGivenWriter() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"compile", "resnet50", "--bogus"}, new PrintWriter(out), new PrintWriter(err));
    assertEquals(2, code);
    assertEquals("", out.toString());
    assertEquals(List.of("bsc: error: Unknown option: '--bogus'", "Try 'bsc compile --help' for more information."),
        err.toString().lines().toList());
  }

  private static List<String> usages(CommandLine cl) {
    List<String> texts = new ArrayList<>();
    texts.add(cl.getCommandSpec().qualifiedName() + "\n" + cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
    for (CommandLine sub : cl.getSubcommands().values()) {
      texts.addAll(usages(sub));
    }
    return texts;
  }
}
