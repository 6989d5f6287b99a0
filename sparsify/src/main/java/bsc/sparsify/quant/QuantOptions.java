package bsc.sparsify.quant;

/**
 * Quantizer settings: weight fix positions per output channel (else one per tensor) and how activation
 * fix positions follow from calibration.
 */
public record QuantOptions(boolean perChannel, CalibrationMethod method) {
  public QuantOptions {
    if (method == null) {
      method = CalibrationMethod.defaults();
    }
  }

  /** Per-tensor weights, 99.99th percentile activations. */
  public static QuantOptions defaults() {
    return new QuantOptions(false, CalibrationMethod.defaults());
  }

  public QuantOptions withPerChannel(boolean p) {
    return new QuantOptions(p, method);
  }

  public QuantOptions withMethod(CalibrationMethod m) {
    return new QuantOptions(perChannel, m);
  }
}
