package bsc.models;

import bsc.ir.Graph;

/**
 * VGG-16 as in torchvision.models.vgg16 (Simonyan and Zisserman 2015, configuration "D", no batch
 * norm): thirteen 3x3 convs with bias and ReLU in five groups closed by 2x2 max pooling, then the
 * classifier Linear(25088, 4096) - ReLU - Dropout - Linear(4096, 4096) - ReLU - Dropout - Linear(4096, 1000).
 * torchvision's AdaptiveAvgPool2d(7) is the identity on the 7x7 map of a 224x224 input and is omitted.
 * Node names are the indices of torchvision's {@code features} and {@code classifier} Sequentials.
 */
final class Vgg {
  private static final int MAX_POOL = -1;
  /** torchvision's cfgs["D"]: output channels of each conv, {@link #MAX_POOL} for a 2x2 max pool. */
  private static final int[] CONFIG_D = {
    64, 64, MAX_POOL, 128, 128, MAX_POOL, 256, 256, 256, MAX_POOL,
    512, 512, 512, MAX_POOL, 512, 512, 512, MAX_POOL};
  private static final long FEATURE_MAP = 7;
  private static final long HIDDEN = 4096;
  private static final long CLASSES = 1000;

  private Vgg() {}

  /** torchvision vgg16: 138,357,544 parameters. */
  static Graph vgg16(long seed) {
    NetBuilder net = new NetBuilder("vgg16", seed, 1, 3, 224, 224);
    String x = NetBuilder.INPUT;
    long channels = 3;
    int index = 0;
    for (int v : CONFIG_D) {
      if (v == MAX_POOL) {
        x = net.maxPool("features." + index++, x, 2, 2, 0);
      } else {
        x = net.conv("features." + index++, x, ConvSpec.of(channels, v, 3).pad(1).withBias());
        x = net.relu("features." + index++, x);
        channels = v;
      }
    }
    x = net.flatten("flatten", x);
    x = net.linear("classifier.0", x, channels * FEATURE_MAP * FEATURE_MAP, HIDDEN);
    x = net.relu("classifier.1", x);
    x = net.dropout("classifier.2", x);
    x = net.linear("classifier.3", x, HIDDEN, HIDDEN);
    x = net.relu("classifier.4", x);
    x = net.dropout("classifier.5", x);
    net.logits("classifier.6", x, HIDDEN, CLASSES);
    return net.build();
  }
}
