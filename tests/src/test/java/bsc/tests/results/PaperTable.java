package bsc.tests.results;

import bsc.aie2.program.InstructionKind;
import java.util.Map;

/**
 * The paper's published estimates (../shared/paper-facts.md 6.1 and 6.2), to print beside bsc's. NaN = the
 * authors' compiler failed on that configuration.
 */
final class PaperTable {
  private PaperTable() {}

  static final String[] ARRAYS = {"2x2", "3x3", "4x4", "5x5", "6x6", "7x7", "8x8"};
  static final String[] MODELS = {"resnet50", "inception_v3", "vgg16"};

  private static final double F = Double.NaN;

  /** Dense and sparse milliseconds per model, in {@link #ARRAYS} order (6.1, scieee draft; VGG16 3x3 dense failed). */
  private static final Map<String, double[][]> LATENCY = Map.of(
      "resnet50", new double[][] {
          {24.923, 12.695, 10.773, F, 5.713, 4.206, 6.377},
          {15.826, 8.661, 7.065, 4.303, 4.490, 3.212, 4.602}},
      "inception_v3", new double[][] {
          {42.838, 23.866, 17.410, 9.691, 10.640, 8.728, 9.093},
          {24.405, 14.224, 10.125, F, 6.440, F, 5.666}},
      "vgg16", new double[][] {
          {44.762, F, 13.710, F, F, 7.455, 9.203},
          {26.086, 10.020, 8.852, 4.336, 5.770, 5.289, 6.502}});

  static double latencyMillis(String model, String array, boolean sparse) {
    return LATENCY.get(model)[sparse ? 1 : 0][index(array)];
  }

  /** 6.2: summed instruction durations (ms) COMP, LOAD, LOADW, LOADFM, LOADWM, WRITEFM, WRITE. */
  private static final Map<String, double[]> BREAKDOWN = Map.ofEntries(
      Map.entry("resnet50/4x4/dense", new double[] {8.01, 0.07, 1.40, 1.82, 0.11, 1.29, 0.05}),
      Map.entry("resnet50/4x4/sparse", new double[] {4.90, 0.07, 0.72, 1.77, 0.10, 1.26, 0.05}),
      Map.entry("inception_v3/4x4/dense", new double[] {14.25, 0.32, 1.32, 3.00, 0.27, 1.28, 0.22}),
      Map.entry("inception_v3/4x4/sparse", new double[] {7.57, 0.32, 0.68, 3.00, 0.26, 1.28, 0.22}),
      Map.entry("vgg16/4x4/dense", new double[] {10.52, 0.97, 0.96, 1.19, 0.06, 1.05, 0.75}),
      Map.entry("vgg16/4x4/sparse", new double[] {6.42, 0.78, 0.45, 1.10, 0.04, 0.96, 0.61}),
      Map.entry("resnet50/2x2/dense", new double[] {16.97, 1.93, 2.82, 3.37, 0.16, 2.26, 1.18}),
      Map.entry("resnet50/2x2/sparse", new double[] {9.64, 1.49, 1.45, 3.20, 0.12, 2.14, 0.98}),
      Map.entry("resnet50/7x7/dense", new double[] {2.23, 0.04, 0.90, 1.22, 0.13, 0.92, 0.03}),
      Map.entry("resnet50/7x7/sparse", new double[] {1.65, 0.04, 0.46, 1.22, 0.11, 0.92, 0.03}));

  /** The breakdown kinds in the paper's column order. */
  static final InstructionKind[] KINDS = {InstructionKind.COMP, InstructionKind.LOAD, InstructionKind.LOADW,
      InstructionKind.LOADFM, InstructionKind.LOADWM, InstructionKind.WRITEFM, InstructionKind.WRITE};

  /** The runs of 6.2, as model/array pairs. */
  static final String[][] BREAKDOWN_RUNS = {{"resnet50", "4x4"}, {"inception_v3", "4x4"}, {"vgg16", "4x4"},
      {"resnet50", "2x2"}, {"resnet50", "7x7"}};

  static double[] breakdownMillis(String model, String array, boolean sparse) {
    return BREAKDOWN.get(model + "/" + array + "/" + (sparse ? "sparse" : "dense"));
  }

  static int index(String array) {
    for (int i = 0; i < ARRAYS.length; i++) {
      if (ARRAYS[i].equals(array)) {
        return i;
      }
    }
    throw new IllegalArgumentException(array);
  }
}
