package bsc.aie2.verify;

import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.ir.BscException;

/** Verifier failures name the layer and, when there is one, the instruction. */
final class Failure {
  private Failure() {}

  static BscException at(LayerProgram l, Instruction i, String what) {
    String where = "layer " + l.name();
    String prefix = i == null ? "" : "instruction " + i.id() + " " + i.kind() + " (" + i.group() + "): ";
    return new BscException(where, "program verifier: " + prefix + what);
  }

  static BscException program(String what) {
    return new BscException("program", "program verifier: " + what);
  }
}
