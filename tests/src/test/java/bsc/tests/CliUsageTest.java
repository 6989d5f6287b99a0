package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line itself: help, version, usage errors and their exit codes. */
class CliUsageTest {
  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Cli r = Cli.run("--help");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("Usage: bsc"), r.out());
    for (String command : new String[] {"inspect", "models"}) {
      assertTrue(r.outLines().stream().anyMatch(l -> l.trim().startsWith(command + " ")), command + " in\n" + r.out());
    }
    assertTrue(r.out().contains("Exit codes:"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void versionNamesTheProjectVersion() {
    Cli r = Cli.run("--version");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().matches("(?s)bsc \\d+\\.\\d+\\.\\d+.*"), r.out());
  }

  @Test
  void subcommandHelpShowsItsOptions() {
    Cli r = Cli.run("inspect", "--help");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("--block=RxC"), r.out());
    assertTrue(r.out().contains("--json"), r.out());
  }

  @Test
  void usageErrorsExitTwoWithAHintAndNoStdout() {
    for (String[] args : new String[][] {{}, {"inspekt", "x"}, {"inspect"}, {"inspect", "resnet50", "--bogus"},
        {"models", "export", "resnet50"}}) {
      Cli r = Cli.run(args);
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals("", r.out(), r.toString());
      assertTrue(r.errLines().get(0).startsWith("bsc: error: "), r.toString());
      assertTrue(r.err().contains("--help' for more information"), r.toString());
    }
  }

  @Test
  void aMisspelledCommandGetsASuggestion() {
    Cli r = Cli.run("inspekt", "resnet50");
    assertTrue(r.err().contains("bsc inspect"), r.toString());
  }

  @Test
  void aBadBlockShapeIsBadInput() {
    Cli r = Cli.run("inspect", TestModels.SMALL, "--block", "8y8");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().startsWith("bsc: error: --block: "), r.toString());
  }
}
