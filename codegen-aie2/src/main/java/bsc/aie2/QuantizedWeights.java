package bsc.aie2;

import bsc.aie2.lower.WeightSource;
import bsc.ir.BscException;
import bsc.sparsify.quant.QuantizedLayer;
import bsc.sparsify.quant.QuantizedModel;

/** The INT8 parameters of a quantized model as the lowering's weight source. */
final class QuantizedWeights implements WeightSource {
  private final QuantizedModel model;

  QuantizedWeights(QuantizedModel model) {
    this.model = model;
  }

  @Override
  public QuantParams quantized(String node) {
    QuantizedLayer q = model.layer(node);
    if (q == null) {
      return null;
    }
    return new QuantParams(q.weights(), q.bias(), q.shift(), q.clampMin(), q.clampMax());
  }

  @Override
  public Integer fix(String value) {
    try {
      return model.fix(value);
    } catch (BscException e) {
      return null;
    }
  }
}
