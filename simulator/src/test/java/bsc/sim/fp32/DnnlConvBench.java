package bsc.sim.fp32;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Micro-benchmark of one conv with bias and ReLU, channels-last: libnd4j's conv2d op (ConvKernel's path)
 * against a {@link DnnlConv} primitive made once, interleaved, median of the timed calls.
 * Args: [--threads N] [--iterations N].
 */
final class DnnlConvBench {
  private DnnlConvBench() {}

  public static void main(String[] args) {
    int threads = 2;
    int iterations = 40;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    Nd4jRuntime.start(threads);
    // name, N, Cin, H, Cout, K, stride, pad (ResNet-50 and VGG-16 layers)
    long[][] cases = {
        {1, 3, 224, 64, 7, 2, 3}, {1, 64, 56, 64, 3, 1, 1}, {1, 128, 28, 128, 3, 1, 1},
        {1, 256, 14, 256, 3, 1, 1}, {1, 512, 7, 512, 3, 1, 1}, {1, 256, 56, 256, 3, 1, 1}};
    System.out.println("| conv | libnd4j ms | oneDNN primitive ms | ratio | max rel diff |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (long[] c : cases) {
      run(c, iterations);
    }
    System.out.println("threads in process: " + new java.io.File("/proc/self/task").list().length);
  }

  private static void run(long[] c, int iterations) {
    long n = c[0], cin = c[1], h = c[2], cout = c[3], k = c[4], s = c[5], p = c[6];
    long oh = (h + 2 * p - k) / s + 1;
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.randn(DataType.FLOAT, n, h, h, cin);
    INDArray w = Nd4j.randn(DataType.FLOAT, cout, cin, k, k).muli(Math.sqrt(2.0 / (cin * k * k)));
    INDArray b = Nd4j.randn(DataType.FLOAT, cout);
    INDArray y1 = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, oh, oh, cout}, 'c');
    INDArray y2 = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, oh, oh, cout}, 'c');
    Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).dataFormat("NHWC").weightsFormat(WeightsFormat.OIYX).build();
    var g = new DnnlConv.Geometry(new long[] {n, cin, h, h}, w.shape(), new long[] {s, s}, new long[] {p, p},
        new long[] {p, p}, new long[] {1, 1}, 1);
    long[] t1 = new long[iterations];
    long[] t2 = new long[iterations];
    try (DnnlConv d = new DnnlConv(g, w, b, new PrimitiveConv.PostOp(org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu, 0f, 0f), false)) {
      for (int i = -5; i < iterations; i++) {
        long t0 = System.nanoTime();
        Nd4j.exec(new Conv2D(new INDArray[] {x, w, b}, new INDArray[] {y1}, cfg));
        Transforms.relu(y1, false);
        long t = System.nanoTime();
        d.run(x, y2);
        long t3 = System.nanoTime();
        if (i >= 0) {
          t1[i] = t - t0;
          t2[i] = t3 - t;
        }
      }
    }
    double diff = Transforms.abs(y1.sub(y2)).maxNumber().doubleValue() / Transforms.abs(y1).maxNumber().doubleValue();
    double a = median(t1), bb = median(t2);
    System.out.printf(Locale.ROOT, "| %dx%dx%dx%d k%d s%d -> %d | %.3f | %.3f | %.2f | %.1e |%n", n, cin, h, h, k, s, cout,
        a, bb, a / bb, diff);
  }

  private static double median(long[] t) {
    long[] c = t.clone();
    Arrays.sort(c);
    return c[c.length / 2] / 1e6;
  }
}
