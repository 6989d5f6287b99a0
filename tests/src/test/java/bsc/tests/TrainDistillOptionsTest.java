package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code bsc train}'s distillation options: misuse is bad input (exit 2, one line), found before any data loads. */
class TrainDistillOptionsTest {
  private static void assertBadInput(String expectedLine, String... args) {
    Cli r = Cli.run(args);
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("", r.out(), r.toString());
    assertEquals(java.util.List.of(expectedLine), r.errLines(), r.toString());
  }

  @Test
  void distillingADenseTrainingRunIsRefused() {
    assertBadInput("bsc: error: --distill: needs --sparsity: the teacher is the model before pruning",
        "train", "fmnist_resnet", "--data", "no-such-data", "--distill", "-o", "x.onnx");
  }

  @Test
  void distillationSettingsWithoutDistillationAreRefused() {
    assertBadInput("bsc: error: --distill-temperature: only applies with --distill",
        "train", "fmnist_resnet", "--data", "no-such-data", "--sparsity", "0.5", "--no-distill",
        "--distill-temperature", "2", "-o", "x.onnx");
  }

  @Test
  void anAlphaOutsideZeroToOneIsRefused() {
    assertBadInput("bsc: error: --distill-alpha: must be in [0, 1], got 1.5",
        "train", "fmnist_resnet", "--data", "no-such-data", "--sparsity", "0.5", "--distill", "--distill-alpha", "1.5",
        "-o", "x.onnx");
  }
}
