package bsc.sim.functional;

import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Programs with one transfer corrupted, to show the functional check names the layer. */
final class ProgramMutations {
  /** Where a mutation was applied. */
  record Site(int layer, int instruction, int transfer) {}

  private ProgramMutations() {}

  /** The first LOADFM transfer of a conv layer, from the middle of the network on, that {@code accept}s. */
  static Site find(Program p, java.util.function.Predicate<Transfer> accept) {
    for (LayerProgram l : p.layers().subList(p.layers().size() / 3, p.layers().size())) {
      if (!l.op().startsWith("Conv")) {
        continue;
      }
      for (Instruction in : l.instructions()) {
        if (in.kind() != InstructionKind.LOADFM) {
          continue;
        }
        for (int t = 0; t < in.transfers().size(); t++) {
          if (accept.test(in.transfers().get(t))) {
            return new Site(l.index(), in.id(), t);
          }
        }
      }
    }
    throw new AssertionError("no LOADFM transfer to mutate");
  }

  /** The program with the transfer at {@code site} replaced. */
  static Program replace(Program p, Site site, UnaryOperator<Transfer> change) {
    List<LayerProgram> layers = new ArrayList<>(p.layers());
    LayerProgram l = layers.get(site.layer());
    List<Instruction> ins = new ArrayList<>(l.instructions());
    for (int i = 0; i < ins.size(); i++) {
      Instruction in = ins.get(i);
      if (in.id() == site.instruction()) {
        List<Transfer> ts = new ArrayList<>(in.transfers());
        ts.set(site.transfer(), change.apply(ts.get(site.transfer())));
        ins.set(i, new Instruction(in.id(), in.kind(), in.group(), in.iterations(), ts, in.computes(), in.acquire(),
            in.release(), in.after(), in.note()));
      }
    }
    layers.set(site.layer(), new LayerProgram(l.index(), l.name(), l.op(), l.inputs(), l.output(), l.report(),
        l.buffers(), l.locks(), ins));
    return new Program(p.format(), p.model(), p.settings(), p.target(), p.coreBuffers(), p.ddr(), p.tensors(), layers);
  }

  /** The transfer with its first segment's source address moved by {@code bytes}. */
  static Transfer shiftSource(Transfer t, long bytes) {
    List<Transfer.Segment> segs = new ArrayList<>(t.segments());
    Endpoint s = segs.get(0).src();
    Endpoint moved = new Endpoint(s.level(), s.tiles(), s.buffer(), s.slot0(), s.pattern().shifted(bytes),
        s.iterationStepBytes(), s.channel());
    segs.set(0, new Transfer.Segment(moved, segs.get(0).dst()));
    return new Transfer(segs, t.bytes(), t.broadcast());
  }

  /** The transfer without its last segment (the halo columns read from a neighbouring memtile). */
  static Transfer dropLastSegment(Transfer t) {
    List<Transfer.Segment> segs = new ArrayList<>(t.segments().subList(0, t.segments().size() - 1));
    long bytes = t.bytes() - t.segments().get(t.segments().size() - 1).src().pattern().streamBytes();
    return new Transfer(segs, bytes, t.broadcast());
  }
}
