package bsc.models;

import bsc.ir.Graph;

/**
 * {@code fmnist_resnet}: a small ResNet for 1x28x28 images and 10 classes (Fashion-MNIST), the model that
 * {@code bsc train} trains to reproduce the paper's accuracy table in small (paper-facts.md section 2.4).
 * Channel counts are multiples of 8 so that 8x8 blocks tile every conv; nine convs, all but the first
 * eligible for pruning. Not a torchvision model; torchvision naming and {@link ResNet}'s BasicBlock.
 *
 * <pre>
 * conv1 3x3 (1->16), maxpool 2, bn1, relu          28x28 -> 14x14
 * layer1.0  BasicBlock 16->16                      14x14
 * layer2.0  BasicBlock 16->32, stride 2 (1x1 downsample)  7x7
 * layer3.0  BasicBlock 32->64, stride 2 (1x1 downsample)  4x4
 * avgpool, flatten, fc 64->10 (logits)
 * </pre>
 *
 * <p>The widths are small because it trains on two CPU cores with ND4J (about 2.6M MACs per image). The
 * stem pools before its BatchNorm, so normalization (costly to train in SameDiff) runs on a quarter of
 * the pixels.
 */
final class FmnistResnet {
  private static final long CLASSES = 10;
  private static final long[] WIDTHS = {16, 32, 64};

  private FmnistResnet() {}

  static Graph fmnistResnet(long seed) {
    NetBuilder net = new NetBuilder("fmnist_resnet", seed, 1, 1, 28, 28);
    String x = net.conv("conv1", NetBuilder.INPUT, ConvSpec.of(1, WIDTHS[0], 3).pad(1));
    x = net.maxPool("maxpool", x, 2, 2, 0);
    x = net.batchNorm("bn1", x, WIDTHS[0], NetBuilder.TORCH_BN_EPSILON);
    x = net.relu("relu", x);
    long in = WIDTHS[0];
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      x = ResNet.basicBlock(net, "layer" + (stage + 1) + ".0", x, in, WIDTHS[stage], stage == 0 ? 1 : 2);
      in = WIDTHS[stage];
    }
    x = net.globalAveragePool("avgpool", x);
    x = net.flatten("flatten", x);
    net.logits("fc", x, in, CLASSES);
    return net.build();
  }
}
