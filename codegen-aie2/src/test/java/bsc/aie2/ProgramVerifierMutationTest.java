package bsc.aie2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.lower.LowerOptions;
import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Dim;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.Transfer;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Corrupting a correct program in one place makes the verifier fail, naming the layer and the instruction:
 * an address shifted out of its buffer or by one pixel, a lock release dropped, two buffers overlapped, an
 * output element written twice, weight bytes that are not the compacted size. The program is tiny_cnn, 50%
 * block-sparse, on 2x2; layer "layer1.0.conv1" is a 3x3 conv reading a resident tensor.
 */
class ProgramVerifierMutationTest {
  private static final String LAYER = "layer1.0.conv1";
  private static Program program;

  @BeforeAll
  static void compile() {
    Graph g = PassManager.canonical().run(BuiltinModels.build("tiny_cnn"));
    g = Pruner.prune(g, PruneOptions.paper(0.5)).graph();
    program = Aie2Compiler.compile(g, TargetLoader.load("2x2"), LowerOptions.defaults()).program();
  }

  @Test
  void theUnmutatedProgramVerifies() {
    ProgramVerifier.verify(program);
  }

  @Test
  void anAddressShiftedOutOfItsBufferIsReported() {
    Instruction i = first(InstructionKind.LOADFM);
    Program bad = replace(i, withTransfer(i, 0, t -> withSegment(t, 0,
        s -> new Transfer.Segment(shifted(s.src(), program.target().memtileBytesPerColumn()), s.dst()))));
    assertFails(bad, i, "outside");
  }

  @Test
  void anOutputAddressShiftedOntoAnotherCoresChannelsIsReported() {
    Instruction i = first(InstructionKind.WRITEFM);
    long delta = i.transfers().get(0).segments().get(0).dst().pattern().offsetBytes()
        - i.transfers().get(1).segments().get(0).dst().pattern().offsetBytes();
    assertTrue(delta != 0);
    Program bad = replace(i, withTransfer(i, 1, t -> withSegment(t, 0,
        s -> new Transfer.Segment(s.src(), shifted(s.dst(), delta)))));
    assertFails(bad, i, "written 2 times");
  }

  @Test
  void aDroppedLockReleaseIsReported() {
    Instruction i = first(InstructionKind.COMP);
    Instruction dropped = new Instruction(i.id(), i.kind(), i.group(), i.iterations(), i.transfers(), i.computes(),
        i.acquire(), i.release().subList(1, i.release().size()), i.after(), i.note());
    BscException e = assertThrows(BscException.class, () -> ProgramVerifier.verify(replace(i, dropped)));
    assertTrue(e.getMessage().contains("layer " + LAYER), e.getMessage());
    assertTrue(e.getMessage().contains(i.release().get(0).lock()), e.getMessage());
    assertTrue(e.getMessage().matches("(?s).*instruction \\d+ [A-Z]+.*"), e.getMessage());
  }

  @Test
  void twoOverlappingBuffersAreReported() {
    LayerProgram l = layer();
    Buffer w = l.buffer("mt.w");
    long tensorBase = program.tensor(l.inputs().get(0)).slices().get(0).baseOffsetBytes();
    List<Buffer> buffers = new ArrayList<>(l.buffers());
    buffers.set(buffers.indexOf(w), new Buffer(w.id(), w.level(), tensorBase, w.slotBytes(), w.slots(), w.purpose()));
    long delta = tensorBase - w.offsetBytes();
    List<Instruction> moved = new ArrayList<>();
    for (Instruction i : l.instructions()) {  // every access to mt.w follows the buffer: only the overlap is wrong
      List<Transfer> ts = new ArrayList<>();
      for (Transfer t : i.transfers()) {
        List<Transfer.Segment> ss = new ArrayList<>();
        for (Transfer.Segment s : t.segments()) {
          ss.add(new Transfer.Segment(s.src().buffer().equals("mt.w") ? shifted(s.src(), delta) : s.src(),
              s.dst().buffer().equals("mt.w") ? shifted(s.dst(), delta) : s.dst()));
        }
        ts.add(new Transfer(ss, t.bytes(), t.broadcast()));
      }
      moved.add(new Instruction(i.id(), i.kind(), i.group(), i.iterations(), ts, i.computes(), i.acquire(),
          i.release(), i.after(), i.note()));
    }
    Program bad = withLayer(l2 -> new LayerProgram(l2.index(), l2.name(), l2.op(), l2.inputs(), l2.output(),
        l2.report(), buffers, l2.locks(), moved));
    BscException e = assertThrows(BscException.class, () -> ProgramVerifier.verify(bad));
    assertTrue(e.getMessage().contains("layer " + LAYER) && e.getMessage().contains("overlap"), e.getMessage());
    assertTrue(e.getMessage().contains("mt.w") && e.getMessage().contains("tensor:" + l.inputs().get(0)),
        e.getMessage());
    assertTrue(e.getMessage().matches("(?s).*instruction \\d+ [A-Z]+.*"), e.getMessage());
  }

  @Test
  void anOutputElementWrittenTwiceIsReported() {
    Instruction i = first(InstructionKind.WRITEFM);
    Program bad = replace(i, withTransfer(i, 0, t -> {
      List<Transfer.Segment> twice = new ArrayList<>(t.segments());
      twice.add(t.segments().get(0));
      return new Transfer(twice, t.bytes() + t.segments().get(0).src().pattern().streamBytes(), t.broadcast());
    }));
    assertFails(bad, i, "written 2 times");
  }

  @Test
  void weightBytesThatAreNotTheCompactedSizeAreReported() {
    Instruction i = first(InstructionKind.LOADW);
    Program bad = replace(i, withTransfer(i, 0, t -> withSegment(t, 0,
        s -> new Transfer.Segment(shrunk(s.src()), shrunk(s.dst())))));
    BscException e = assertFails(bad, i, "compacted");
    assertTrue(e.getMessage().contains(Long.toString(layer().report().weightBytesCompacted())), e.getMessage());
  }

  private static BscException assertFails(Program bad, Instruction i, String what) {
    BscException e = assertThrows(BscException.class, () -> ProgramVerifier.verify(bad));
    assertEquals("layer " + LAYER, e.where(), e.getMessage());
    assertTrue(e.getMessage().contains("instruction " + i.id() + " " + i.kind()), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
    return e;
  }

  private static LayerProgram layer() {
    return program.layers().stream().filter(l -> l.name().equals(LAYER)).findFirst().orElseThrow();
  }

  private static Instruction first(InstructionKind kind) {
    return layer().instructions().stream().filter(i -> i.kind() == kind).findFirst().orElseThrow();
  }

  private static Program withLayer(UnaryOperator<LayerProgram> f) {
    List<LayerProgram> layers = new ArrayList<>();
    for (LayerProgram l : program.layers()) {
      layers.add(l.name().equals(LAYER) ? f.apply(l) : l);
    }
    Program p = program;
    return new Program(p.format(), p.model(), p.settings(), p.target(), p.coreBuffers(), p.ddr(), p.tensors(), layers);
  }

  private static Program replace(Instruction old, Instruction now) {
    return withLayer(l -> {
      List<Instruction> is = new ArrayList<>(l.instructions());
      is.set(is.indexOf(old), now);
      return new LayerProgram(l.index(), l.name(), l.op(), l.inputs(), l.output(), l.report(), l.buffers(),
          l.locks(), is);
    });
  }

  private static Instruction withTransfer(Instruction i, int n, UnaryOperator<Transfer> f) {
    List<Transfer> ts = new ArrayList<>(i.transfers());
    ts.set(n, f.apply(ts.get(n)));
    return new Instruction(i.id(), i.kind(), i.group(), i.iterations(), ts, i.computes(), i.acquire(), i.release(),
        i.after(), i.note());
  }

  private static Transfer withSegment(Transfer t, int n, UnaryOperator<Transfer.Segment> f) {
    List<Transfer.Segment> ss = new ArrayList<>(t.segments());
    ss.set(n, f.apply(ss.get(n)));
    long bytes = 0;
    for (Transfer.Segment s : ss) {
      bytes += s.src().pattern().streamBytes();
    }
    return new Transfer(ss, bytes, t.broadcast());
  }

  private static Endpoint shifted(Endpoint e, long delta) {
    return new Endpoint(e.level(), e.tiles(), e.buffer(), e.slot0(), e.pattern().shifted(delta),
        e.iterationStepBytes(), e.channel());
  }

  /** One byte fewer in the innermost dimension (a contiguous weight load). */
  private static Endpoint shrunk(Endpoint e) {
    List<Dim> dims = new ArrayList<>(e.pattern().dims());
    Dim d = dims.get(0);
    dims.set(0, new Dim(d.size() - 1, d.strideBytes(), d.padBefore(), d.padAfter()));
    return new Endpoint(e.level(), e.tiles(), e.buffer(), e.slot0(), new AccessPattern(e.pattern().offsetBytes(), dims),
        e.iterationStepBytes(), e.channel());
  }
}
