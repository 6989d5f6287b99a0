package bsc.aie2;

import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Dim;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.KernelCall;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.LayerReport;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * program.txt: the program as a listing in the spirit of the paper's out.asm, one line per instruction and
 * one indented line per transfer segment or kernel call. Patterns print as
 * {@code buffer@address[size:stride,...]}, innermost first, with {@code <before|after>} zero padding.
 */
public final class ProgramListing {
  private ProgramListing() {}

  public static String of(Program p) {
    StringBuilder b = new StringBuilder();
    b.append("; ").append(p.format()).append("  model ").append(p.model()).append("  target ")
        .append(p.target().shortDescription()).append('\n');
    var s = p.settings();
    b.append(String.format(Locale.ROOT, "; block %s, sparsity %.2f, compaction %s, classifier %s%s, weights.bin %d B\n",
        s.block(), s.sparsity(), s.compaction() ? "on" : "off (dense baseline)",
        s.excludeClassifier() ? "excluded" : "included", s.timingOnly() ? ", TIMING ONLY (zero weight values)" : "",
        s.weightsFileBytes()));
    for (Buffer d : p.ddr()) {
      b.append(String.format(Locale.ROOT, "; ddr %-12s @0x%08x %10d B  %s\n", d.id(), d.offsetBytes(), d.bytes(),
          d.purpose()));
    }
    var c = p.coreBuffers();
    for (Buffer d : List.of(c.misc(), c.input(), c.output(), c.weights(), c.input2(), c.scratch())) {
      b.append(String.format(Locale.ROOT, "; core %-12s @0x%04x %d x %d B  %s\n", d.id(), d.offsetBytes(), d.slots(),
          d.slotBytes(), d.purpose()));
    }
    for (LayerProgram l : p.layers()) {
      layer(b, l);
    }
    return b.toString();
  }

  private static void layer(StringBuilder b, LayerProgram l) {
    LayerReport r = l.report();
    b.append('\n').append(String.format(Locale.ROOT, "layer %d %s (%s) %s -> %s   %s  [%s, %d pass%s]\n", l.index(),
        l.name(), l.op(), String.join(",", l.inputs()), l.output(), r.split(), r.residency(), r.passes(),
        r.passes() == 1 ? "" : "es"));
    if (l.instructions().isEmpty()) {
      b.append("  ; ").append(r.reason()).append('\n');
      return;
    }
    b.append(String.format(Locale.ROOT, "  ; W %s I %s O %s, %d iterations per core, %d MACs (dense %d)\n",
        r.weightSubvolume(), r.inputSubvolume(), r.outputSubvolume(), r.iterations(), r.macs(), r.denseMacs()));
    if (r.totalBlocks() > 0) {
      b.append(String.format(Locale.ROOT, "  ; weights %d B (dense %d B), blocks %d/%d, imbalance %.3f\n",
          r.weightBytesCompacted(), r.weightBytesDense(), r.nonzeroBlocks(), r.totalBlocks(), r.blockImbalance()));
    }
    for (Buffer buf : l.buffers()) {
      b.append(String.format(Locale.ROOT, "  ; memtile %s @0x%05x %d B  %s\n", buf.id(), buf.offsetBytes(), buf.bytes(),
          buf.purpose()));
    }
    b.append("  ; locks ").append(l.locks().stream().map(k -> k.id() + "=" + k.init()).collect(Collectors.joining(" ")))
        .append('\n');
    for (Instruction i : l.instructions()) {
      instruction(b, i);
    }
  }

  private static void instruction(StringBuilder b, Instruction i) {
    b.append(String.format(Locale.ROOT, "  %4d %-7s %-4s x%-3d %-28s", i.id(), i.kind(), i.group(), i.iterations(),
        i.note()));
    if (!i.acquire().isEmpty()) {
      b.append(" acq ").append(ops(i.acquire()));
    }
    if (!i.release().isEmpty()) {
      b.append(" rel ").append(ops(i.release()));
    }
    if (!i.after().isEmpty()) {
      b.append(" after ").append(i.after());
    }
    while (b.charAt(b.length() - 1) == ' ') {  // no trailing blanks: the listing is a golden file
      b.setLength(b.length() - 1);
    }
    b.append('\n');
    for (Transfer t : i.transfers()) {
      for (Transfer.Segment s : t.segments()) {
        b.append("         ").append(endpoint(s.src())).append(" -> ").append(endpoint(s.dst()));
        if (t.broadcast() != Transfer.Broadcast.NONE) {
          b.append(" [").append(t.broadcast().name().toLowerCase(Locale.ROOT)).append(" broadcast]");
        }
        b.append('\n');
      }
    }
    for (Compute k : i.computes()) {
      KernelCall call = k.call();
      b.append(String.format(Locale.ROOT, "         %s %s out %dx%dx%d in %dx%dx%d%s%s macs %d blocks %d\n", k.core(),
          call.kernel(), call.outRows(), call.outCols(), call.outChannels(), call.inRows(), call.inCols(),
          call.inChannels(), call.accumulate() ? " +psum" : "", call.requantize() ? "" : " ->psum", k.macs(),
          k.nonzeroBlocks()));
    }
  }

  private static String ops(List<LockOp> ops) {
    return ops.stream().map(o -> o.lock().replace("core.", "") + (o.value() == 1 ? "" : "*" + o.value())
        + (o.when() == LockOp.When.EACH ? "" : "@" + o.when().name().toLowerCase(Locale.ROOT)))
        .collect(Collectors.joining(","));
  }

  private static String endpoint(Endpoint e) {
    String tiles = e.tiles().stream().map(TileRef::toString).collect(Collectors.joining("+"));
    StringBuilder b = new StringBuilder(e.level().name().toLowerCase(Locale.ROOT));
    if (!tiles.isEmpty()) {
      b.append(':').append(tiles);
    }
    b.append(' ').append(e.buffer());
    if (e.slot0() != 0) {
      b.append("#").append(e.slot0());
    }
    b.append(pattern(e.pattern()));
    if (e.iterationStepBytes() != 0) {
      b.append(" +").append(e.iterationStepBytes()).append("/it");
    }
    return b.append(" (").append(e.channel()).append(')').toString();
  }

  static String pattern(AccessPattern p) {
    StringBuilder b = new StringBuilder("@0x").append(Long.toHexString(p.offsetBytes())).append('[');
    for (int i = 0; i < p.dims().size(); i++) {
      Dim d = p.dims().get(i);
      b.append(i == 0 ? "" : ",").append(d.size()).append(':').append(d.strideBytes());
      if (d.padBefore() != 0 || d.padAfter() != 0) {
        b.append('<').append(d.padBefore()).append('|').append(d.padAfter()).append('>');
      }
    }
    return b.append(']').toString();
  }

  static String lockList(List<LockDef> locks) {
    return locks.stream().map(LockDef::id).collect(Collectors.joining(","));
  }
}
