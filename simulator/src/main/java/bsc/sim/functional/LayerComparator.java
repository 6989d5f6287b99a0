package bsc.sim.functional;

import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares each layer's output, as the program left it in memtile or DDR at the end of the layer (later
 * layers may reuse the space), with the reference values (int8, NCHW, batch 1).
 */
final class LayerComparator implements FunctionalRun.LayerCheck {
  private final Program program;
  private final Map<String, byte[]> expected;
  private final List<LayerMismatch> mismatches = new ArrayList<>();
  private int layers;
  private long elements;
  private String lastOutput;

  LayerComparator(Program program, Map<String, byte[]> expected) {
    this.program = program;
    this.expected = expected;
  }

  @Override
  public void layerFinished(LayerProgram layer, ArrayMemory memory) {
    if (layer.instructions().isEmpty() && !"Concat".equals(layer.op())) {
      return;
    }
    byte[] want = expected.get(layer.output());
    TensorHome t = program.tensor(layer.output());
    if (want == null || t == null) {
      return;
    }
    layers++;
    lastOutput = layer.output();
    long n = (long) t.height() * t.width() * t.channels();
    if (want.length != n || t.elementBytes() != 1) {
      mismatches.add(new LayerMismatch(layer.index(), layer.name(), layer.op(), layer.output(), n, n, 0, 0, 0, 0, 0,
          "the program holds " + t.height() + "x" + t.width() + "x" + t.channels() + " elements of "
              + t.elementBytes() + " bytes, the reference " + want.length + " int8 values"));
      return;
    }
    elements += n;
    compare(layer, t, want, memory);
  }

  private void compare(LayerProgram layer, TensorHome t, byte[] want, ArrayMemory memory) {
    int h = t.height();
    int w = t.width();
    long bad = 0;
    int[] first = null;
    for (int x = 0; x < w; x++) {
      TensorSlice s = t.sliceAt(x);
      byte[] mem = memory.tensorMemory(t, s);
      for (int y = 0; y < h; y++) {
        int at = Math.toIntExact(ArrayMemory.tensorAddress(t, s, y, x, 0));
        for (int c = 0; c < t.channels(); c++) {
          byte e = want[(c * h + y) * w + x];
          byte got = mem[at + c];
          if (e != got) {
            bad++;
            if (first == null || before(y, x, c, first)) {
              first = new int[] {y, x, c, e, got};
            }
          }
        }
      }
    }
    if (bad > 0) {
      mismatches.add(new LayerMismatch(layer.index(), layer.name(), layer.op(), layer.output(), bad,
          (long) h * w * t.channels(), first[0], first[1], first[2], first[3], first[4], null));
    }
  }

  private static boolean before(int y, int x, int c, int[] f) {
    return y != f[0] ? y < f[0] : x != f[1] ? x < f[1] : c < f[2];
  }

  List<LayerMismatch> mismatches() {
    return mismatches;
  }

  int layers() {
    return layers;
  }

  long elements() {
    return elements;
  }

  String lastOutput() {
    return lastOutput;
  }
}
