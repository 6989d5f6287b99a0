package bsc.models;

import bsc.ir.Graph;

/**
 * MobileNetV2 as in torchvision.models.mobilenet_v2 (Sandler et al. 2018, width multiplier 1.0):
 * a 3x3/2 stem, seventeen inverted residual blocks (1x1 expand - 3x3 depthwise - 1x1 linear project,
 * with a shortcut when stride is 1 and channels are unchanged), a 1x1 conv to 1280 channels, global
 * average pooling and Dropout + Linear(1280, 1000). Convs have no bias and are followed by BatchNorm2d;
 * activations are ReLU6 (ONNX Clip 0..6). Names follow torchvision's {@code features} indices, e.g.
 * {@code features.2.conv.1.0} is the depthwise conv of the second block.
 */
final class MobileNetV2 {
  /** torchvision's inverted_residual_setting: expansion t, output channels c, repeats n, first stride s. */
  private static final int[][] SETTINGS = {
    {1, 16, 1, 1},
    {6, 24, 2, 2},
    {6, 32, 3, 2},
    {6, 64, 4, 2},
    {6, 96, 3, 1},
    {6, 160, 3, 2},
    {6, 320, 1, 1},
  };
  private static final long STEM_CHANNELS = 32;
  private static final long LAST_CHANNELS = 1280;
  private static final long CLASSES = 1000;

  private MobileNetV2() {}

  /** torchvision mobilenet_v2: 3,504,872 parameters. */
  static Graph mobilenetV2(long seed) {
    NetBuilder net = new NetBuilder("mobilenet_v2", seed, 1, 3, 224, 224);
    String x = convBnRelu6(net, "features.0", NetBuilder.INPUT,
        ConvSpec.of(3, STEM_CHANNELS, 3).stride(2).pad(1));
    long in = STEM_CHANNELS;
    int index = 1;
    for (int[] s : SETTINGS) {
      for (int i = 0; i < s[2]; i++) {
        x = invertedResidual(net, "features." + index++, x, in, s[1], i == 0 ? s[3] : 1, s[0]);
        in = s[1];
      }
    }
    x = convBnRelu6(net, "features." + index, x, ConvSpec.of(in, LAST_CHANNELS, 1));
    x = net.globalAveragePool("avgpool", x);
    x = net.flatten("flatten", x);
    x = net.dropout("classifier.0", x);
    net.logits("classifier.1", x, LAST_CHANNELS, CLASSES);
    return net.build();
  }

  /** torchvision InvertedResidual; the expand conv is absent when the expansion ratio is 1. */
  private static String invertedResidual(
      NetBuilder net, String p, String x, long in, long out, int stride, int t) {
    long hidden = in * t;
    int layer = 0;
    String y = x;
    if (t != 1) {
      y = convBnRelu6(net, p + ".conv." + layer++, y, ConvSpec.of(in, hidden, 1));
    }
    y = convBnRelu6(net, p + ".conv." + layer++, y,
        ConvSpec.of(hidden, hidden, 3).stride(stride).pad(1).groups(hidden));
    y = net.conv(p + ".conv." + layer++, y, ConvSpec.of(hidden, out, 1));
    y = net.batchNorm(p + ".conv." + layer, y, out, NetBuilder.TORCH_BN_EPSILON);
    return stride == 1 && in == out ? net.add(p + ".add", x, y) : y;
  }

  /** torchvision Conv2dNormActivation with ReLU6: {@code <p>.0} conv, {@code <p>.1} BN, {@code <p>.2}. */
  private static String convBnRelu6(NetBuilder net, String p, String x, ConvSpec spec) {
    String y = net.conv(p + ".0", x, spec);
    y = net.batchNorm(p + ".1", y, spec.outChannels(), NetBuilder.TORCH_BN_EPSILON);
    return net.relu6(p + ".2", y);
  }
}
