package bsc.sim.timing;

import bsc.ir.BscException;

/**
 * How time is assigned to a program (DESIGN.md 7). {@link Paper}: the authors' analytic estimate
 * (paper-facts.md 4.6), for comparison with their table. {@link Detailed}: the discrete-event simulation with
 * contention, kernel structure and set-up latencies (the default).
 */
public sealed interface TimingModel permits TimingModel.Paper, TimingModel.Detailed {
  String name();

  /** DDR moves summed, iteration-1 instructions sequential, iterated ones overlapped, COMP = MACs / peak. */
  record Paper() implements TimingModel {
    @Override
    public String name() {
      return "paper";
    }
  }

  /** Event-driven: channels, streams, cores and locks; compute from the kernel's structure. */
  record Detailed() implements TimingModel {
    @Override
    public String name() {
      return "detailed";
    }
  }

  static TimingModel parse(String name) {
    return switch (name) {
      case "paper" -> new Paper();
      case "detailed" -> new Detailed();
      default -> throw new BscException("--timing", "'" + name + "' is not a timing model (paper, detailed)");
    };
  }
}
