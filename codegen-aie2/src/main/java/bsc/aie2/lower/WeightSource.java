package bsc.aie2.lower;

/**
 * Where the integer parameters come from: a quantized model, or nothing (timing-only compilation from FP32
 * shapes and masks: weights.bin then holds the real chunk structure with zero values).
 */
public interface WeightSource {
  /** INT8 parameters of a Conv/FC node in the conv layout [Cout][Cin][taps], or null. */
  QuantParams quantized(String node);

  /** Fix position of an activation value, or null when unknown (timing only). */
  Integer fix(String value);

  /** INT8 weights [Cout][Cin/group][taps], INT32 bias and shift per output channel, activation clamp. */
  record QuantParams(byte[] weights, int[] bias, int[] shift, int clampMin, int clampMax) {}

  static WeightSource timingOnly() {
    return new WeightSource() {
      @Override
      public QuantParams quantized(String node) {
        return null;
      }

      @Override
      public Integer fix(String value) {
        return null;
      }
    };
  }
}
