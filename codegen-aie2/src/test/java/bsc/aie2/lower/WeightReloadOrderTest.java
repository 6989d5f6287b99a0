package bsc.aie2.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.TargetLoader;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A LOADW overwrites the memtile weight buffer mt.w, so it must wait (through {@code after}) for every LOADWM
 * that reads the chunks already there, also across output bands (passes). The functional simulator found
 * VGG-16's features.12 on 3x3 wrong when the first LOADW of a band did not wait for the last LOADWM of the
 * band before.
 */
class WeightReloadOrderTest {
  @Test
  void everyLoadwWaitsForTheLoadwmsBeforeIt() {
    Graph g = PassManager.canonical().run(BuiltinModels.build("vgg16"));
    for (String array : TargetLoader.PAPER_ARRAYS) {
      Program p = Lowering.lower(g, TargetLoader.load(array), LowerOptions.paper(0), WeightSource.timingOnly())
          .program();
      for (LayerProgram l : p.layers()) {
        check(l, array);
      }
    }
  }

  private static void check(LayerProgram l, String array) {
    Map<Integer, Instruction> byId = new HashMap<>();
    for (Instruction in : l.instructions()) {
      byId.put(in.id(), in);
    }
    for (Instruction in : l.instructions()) {
      if (in.kind() != InstructionKind.LOADW) {
        continue;
      }
      Set<Integer> before = closure(in, byId);
      for (Instruction wm : l.instructions()) {
        if (wm.kind() == InstructionKind.LOADWM && wm.id() < in.id()) {
          assertTrue(before.contains(wm.id()), array + " layer " + l.name() + ": LOADW " + in.id()
              + " may overwrite mt.w before LOADWM " + wm.id() + " has read it");
        }
      }
    }
  }

  /** Every instruction that must finish before {@code in} starts, through {@code after} lists. */
  private static Set<Integer> closure(Instruction in, Map<Integer, Instruction> byId) {
    Set<Integer> seen = new HashSet<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>(in.after());
    while (!todo.isEmpty()) {
      int id = todo.pop();
      if (seen.add(id)) {
        todo.addAll(byId.get(id).after());
      }
    }
    return seen;
  }
}
