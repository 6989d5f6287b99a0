package bsc.models;

import bsc.ir.Graph;

/**
 * A small CNN for fast tests of later stages, with one of each construct the big models use:
 * conv + BN + ReLU stem, max pooling, a ResNet BasicBlock (residual Add), a strided conv, global average
 * pooling, Flatten and a Linear. Input 1x3x32x32 (CIFAR-sized), 10 classes. Not a torchvision model.
 */
final class TinyCnn {
  private static final long CLASSES = 10;

  private TinyCnn() {}

  static Graph tinyCnn(long seed) {
    NetBuilder net = new NetBuilder("tiny_cnn", seed, 1, 3, 32, 32);
    String x = net.conv("conv1", NetBuilder.INPUT, ConvSpec.of(3, 16, 3).pad(1));
    x = net.batchNorm("bn1", x, 16, NetBuilder.TORCH_BN_EPSILON);
    x = net.relu("relu", x);
    x = net.maxPool("maxpool", x, 2, 2, 0);
    x = ResNet.basicBlock(net, "layer1.0", x, 16, 16, 1);
    x = net.conv("conv2", x, ConvSpec.of(16, 32, 3).stride(2).pad(1));
    x = net.batchNorm("bn2", x, 32, NetBuilder.TORCH_BN_EPSILON);
    x = net.relu("relu_1", x);
    x = net.globalAveragePool("avgpool", x);
    x = net.flatten("flatten", x);
    net.logits("fc", x, 32, CLASSES);
    return net.build();
  }
}
