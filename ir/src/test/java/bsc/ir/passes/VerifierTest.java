package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {
  /** A pass with a bug: it marks every conv with an activation the kernels do not have. */
  private static final Pass BROKEN = new Pass() {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Graph run(Graph g) {
      Graph.Builder b = g.toBuilder();
      b.nodes().replaceAll(n -> n.op() == OpType.CONV ? n.withAttrs(n.attrs().with("activation", "gelu")) : n);
      return b.build();
    }
  };

  private static Graph conv(Attributes attrs) {
    TestNet t = new TestNet("one-conv", 1);
    String x = t.input("x", 1, 2, 4, 4);
    t.conv("y", x, 2, 2, 1, true, attrs);
    return t.build("y");
  }

  @Test
  void acceptsWellFormedFusedActivations() {
    assertDoesNotThrow(() -> Verifier.verify(conv(Attributes.empty().with("activation", "relu"))));
    assertDoesNotThrow(() -> Verifier.verify(conv(Attributes.empty().with("activation", "clip")
        .with("activation_min", 0f).with("activation_max", 6f))));
    assertDoesNotThrow(() -> Verifier.verify(PassManager.canonical().run(PassManagerTest.torchStyle(1))));
  }

  @Test
  void rejectsAClipWithoutBounds() {
    BscException e = assertThrows(BscException.class,
        () -> Verifier.verify(conv(Attributes.empty().with("activation", "clip"))));
    assertTrue(e.where().contains("node y"), e.getMessage());
  }

  @Test
  void rejectsAFusedActivationOnANonConv() {
    TestNet t = new TestNet("relu", 1);
    t.b.addNode(new Node("y", OpType.RELU, List.of(t.input("x", 1, 4)), List.of("y"),
        Attributes.empty().with("activation", "relu")));
    assertThrows(BscException.class, () -> Verifier.verify(t.build("y")));
  }

  @Test
  void passManagerNamesThePassThatBrokeTheGraph() {
    PassManager pm = new PassManager("test", List.of(new RemoveIdentity(), BROKEN), true);
    BscException e = assertThrows(BscException.class, () -> pm.run(conv(Attributes.empty())));
    assertTrue(e.getMessage().startsWith("after pass broken: node y (Conv)"), e.getMessage());
  }

  @Test
  void passManagerWithoutVerificationLetsItThrough() {
    PassManager pm = new PassManager("test", List.of(BROKEN), false);
    assertDoesNotThrow(() -> pm.run(conv(Attributes.empty())));
  }
}
