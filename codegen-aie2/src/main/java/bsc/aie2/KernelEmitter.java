package bsc.aie2;

import bsc.aie2.program.Compute;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.KernelCall;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * kernels/: one C++ file per kernel the program calls, each instantiating a shared kernel template with its
 * window (kernel, stride, dilation) as compile-time constants, plus the shared headers. Every kernel has
 * the same C entry signature: {@code void NAME(const int8_t* in, const int8_t* in2, void* out,
 * const uint8_t* weights, int32_t* scratch, const bsc::CallArgs* args)}.
 */
public final class KernelEmitter {
  static final String[] HEADERS = {"bsc_common.h", "bsc_conv_bsr.h", "bsc_channelwise.h"};

  private KernelEmitter() {}

  public static Map<String, String> emit(Program p) {
    Map<String, String> out = new TreeMap<>();
    for (String h : HEADERS) {
      out.put(h, resource(h));
    }
    for (LayerProgram l : p.layers()) {
      for (Instruction i : l.instructions()) {
        for (Compute c : i.computes()) {
          out.computeIfAbsent(c.call().kernel() + ".cc", k -> source(c.call(), p));
        }
      }
    }
    return out;
  }

  /** The .cc of one kernel. */
  static String source(KernelCall k, Program p) {
    String body = switch (k.kind()) {
      case CONV_BSR -> String.format(Locale.ROOT, "  bsc::conv_bsr<%d, %d, %d, %d, %d, %d>(in, out, weights, scratch, *a);",
          k.kernelH(), k.kernelW(), k.strideH(), k.strideW(), k.dilationH(), k.dilationW());
      case DEPTHWISE -> String.format(Locale.ROOT,
          "  bsc::depthwise<%d, %d, %d, %d, %d, %d>(in, static_cast<int8_t*>(out), weights, *a);",
          k.kernelH(), k.kernelW(), k.strideH(), k.strideW(), k.dilationH(), k.dilationW());
      case MAX_POOL, AVG_POOL -> String.format(Locale.ROOT,
          "  bsc::pool(in, static_cast<int8_t*>(out), *a, %d, %d, %d, %d, %s);", k.kernelH(), k.kernelW(),
          k.strideH(), k.strideW(), k.kind() == bsc.aie2.program.KernelKind.MAX_POOL);
      case GLOBAL_AVG_POOL -> "  bsc::pool(in, static_cast<int8_t*>(out), *a, a->in_rows, a->in_cols, 1, 1, false);";
      case ADD -> "  bsc::add(in, in2, static_cast<int8_t*>(out), *a);";
      case COPY -> "  bsc::copy(in, static_cast<int8_t*>(out), *a);";
    };
    String header = switch (k.kind()) {
      case CONV_BSR -> "bsc_conv_bsr.h";
      default -> "bsc_channelwise.h";
    };
    return "// kernels/" + k.kernel() + ".cc: " + k.kind() + " kernel, emitted by bsc for " + p.model() + " on "
        + p.target().name() + " (docs/PROGRAM.md section 6).\n"
        + "#include \"" + header + "\"\n\n"
        + "extern \"C\" void " + k.kernel() + "(const int8_t* in, const int8_t* in2, void* out, const uint8_t* weights,\n"
        + "    int32_t* scratch, const bsc::CallArgs* a) {\n"
        + "  (void)in2;\n  (void)weights;\n  (void)scratch;\n"
        + body + "\n}\n";
  }

  private static String resource(String name) {
    try (InputStream in = KernelEmitter.class.getResourceAsStream("kernels/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing kernel resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable kernel resource " + name, e);
    }
  }
}
