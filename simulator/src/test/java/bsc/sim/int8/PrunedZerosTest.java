package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Value;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sparsify.BlockGrid;
import bsc.sparsify.BlockMask;
import bsc.sparsify.Int8BlockSparseTensor;
import bsc.sparsify.LayerMask;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedLayer;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quantization keeps every pruned block of every layer exactly zero (paper-facts.md section 3). */
class PrunedZerosTest {
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyPrunedBlockOfAHalfPrunedResnet50IsZeroInInt8(boolean perChannel) {
    Graph g = PassManager.canonical().run(BuiltinModels.build("resnet50"));
    Pruner.Result pruned = Pruner.prune(g, PruneOptions.paper(0.5));
    Map<String, Integer> fix = new LinkedHashMap<>();
    for (Value v : pruned.graph().inputs()) {
      fix.put(v.name(), 5);
    }
    for (Node n : pruned.graph().nodes()) {
      fix.put(n.output(), 4);
    }
    QuantizedModel m = Quantizer.withFixPositions(pruned.graph(), fix, QuantOptions.defaults().withPerChannel(perChannel));
    int layers = 0;
    long zeroBlocks = 0;
    for (LayerMask lm : pruned.masks().list()) {
      QuantizedLayer l = m.layer(lm.layer().node());
      BlockMask mask = lm.mask();
      BlockGrid grid = Int8BlockSparseTensor.view(pruned.masks().block(), l.outChannels(), lm.layer().inChannels(),
          lm.layer().taps());
      byte[] w = l.weights();
      for (int br = 0; br < grid.blockRows(); br++) {
        for (int bc = 0; bc < grid.blockCols(); bc++) {
          if (mask.isKept(br, bc)) {
            continue;
          }
          zeroBlocks++;
          for (int o = grid.rowStart(br); o < grid.rowEnd(br); o++) {
            for (int i = grid.colStart(bc); i < grid.colEnd(bc); i++) {
              for (int t = 0; t < lm.layer().taps(); t++) {
                assertEquals(0, w[(o * lm.layer().inChannels() + i) * lm.layer().taps() + t],
                    lm.layer().node() + " block " + br + "," + bc);
              }
            }
          }
        }
      }
      Int8BlockSparseTensor t = Int8BlockSparseTensor.compact(pruned.masks().block(), l.outChannels(),
          lm.layer().inChannels(), lm.layer().taps(), w);
      assertTrue(t.nonzeroBlocks() <= mask.keptBlocks(), lm.layer().node());
      layers++;
    }
    assertEquals(54, layers); // 53 convs and the classifier
    assertTrue(zeroBlocks > 100_000, "pruned blocks checked: " + zeroBlocks);
  }
}
