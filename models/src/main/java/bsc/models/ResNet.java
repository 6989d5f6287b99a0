package bsc.models;

import bsc.ir.Graph;

/**
 * ResNets as in torchvision.models.resnet (He et al. 2016, "Deep Residual Learning"): a 7x7 stem,
 * four stages of residual blocks, global average pooling and one Linear. ResNet-50 uses torchvision's
 * Bottleneck, "ResNet v1.5": the stride of a down-sampling block sits on its 3x3 conv, not on the first
 * 1x1. Convs have no bias and each is followed by BatchNorm2d; a block whose shape changes adds a
 * 1x1 conv + BatchNorm projection ({@code downsample.0}, {@code downsample.1}) on the shortcut.
 */
final class ResNet {
  private static final long[] STAGE_PLANES = {64, 128, 256, 512};
  private static final int BOTTLENECK_EXPANSION = 4;
  private static final long CLASSES = 1000;
  /**
   * Gamma range multiplier of the last BN of each residual branch (bn2 of BasicBlock, bn3 of Bottleneck).
   * BN with fixed running statistics does not renormalize, so with gamma ~ U(0.5, 1.5) everywhere each
   * block adds a branch as large as its input and activations grow geometrically: measured with a plain
   * FP32 forward pass on N(0, 1) input, ResNet-50's layer4 output reached rms 2e4 and its logits rms 7e3.
   * With gamma ~ U(0.125, 0.375) on these BNs, layer4 stays near rms 10 and the logits near rms 4, as in
   * trained ResNets, whose last-BN gammas are small (torchvision's zero_init_residual is the limit).
   */
  private static final double BRANCH_END_GAMMA_SCALE = 0.25;

  private ResNet() {}

  /** torchvision resnet18: BasicBlock x [2, 2, 2, 2], 11,689,512 parameters. */
  static Graph resnet18(long seed) {
    return build("resnet18", seed, false, new int[] {2, 2, 2, 2});
  }

  /** torchvision resnet50: Bottleneck x [3, 4, 6, 3], 25,557,032 parameters. */
  static Graph resnet50(long seed) {
    return build("resnet50", seed, true, new int[] {3, 4, 6, 3});
  }

  private static Graph build(String model, long seed, boolean bottleneck, int[] blocksPerStage) {
    NetBuilder net = new NetBuilder(model, seed, 1, 3, 224, 224);
    String x = stem(net, NetBuilder.INPUT);
    int expansion = bottleneck ? BOTTLENECK_EXPANSION : 1;
    long inplanes = STAGE_PLANES[0];
    for (int stage = 0; stage < blocksPerStage.length; stage++) {
      long planes = STAGE_PLANES[stage];
      for (int b = 0; b < blocksPerStage[stage]; b++) {
        String prefix = "layer" + (stage + 1) + "." + b;
        int stride = stage > 0 && b == 0 ? 2 : 1;
        x = bottleneck
            ? bottleneck(net, prefix, x, inplanes, planes, stride)
            : basicBlock(net, prefix, x, inplanes, planes, stride);
        inplanes = planes * expansion;
      }
    }
    x = net.globalAveragePool("avgpool", x);
    x = net.flatten("flatten", x);
    net.logits("fc", x, inplanes, CLASSES);
    return net.build();
  }

  /** conv1 (7x7/2, 64) - bn1 - relu - maxpool (3x3/2, pad 1): 224 to 56. */
  private static String stem(NetBuilder net, String x) {
    x = net.conv("conv1", x, ConvSpec.of(3, 64, 7).stride(2).pad(3));
    x = net.batchNorm("bn1", x, 64, NetBuilder.TORCH_BN_EPSILON);
    x = net.relu("relu", x);
    return net.maxPool("maxpool", x, 3, 2, 1);
  }

  /** torchvision BasicBlock: 3x3 (stride) - 3x3, expansion 1. Also the residual block of tiny_cnn. */
  static String basicBlock(NetBuilder net, String prefix, String x, long inplanes, long planes, int stride) {
    String y = convBn(net, prefix + ".conv1", prefix + ".bn1", x,
        ConvSpec.of(inplanes, planes, 3).stride(stride).pad(1));
    y = net.relu(prefix + ".relu", y);
    y = net.conv(prefix + ".conv2", y, ConvSpec.of(planes, planes, 3).pad(1));
    y = net.batchNorm(prefix + ".bn2", y, planes, NetBuilder.TORCH_BN_EPSILON, BRANCH_END_GAMMA_SCALE);
    String identity = shortcut(net, prefix, x, inplanes, planes, stride);
    y = net.add(prefix + ".add", y, identity);
    return net.relu(prefix + ".relu_1", y);
  }

  /** torchvision Bottleneck (v1.5): 1x1 - 3x3 (stride) - 1x1 (x4 channels). */
  private static String bottleneck(
      NetBuilder net, String prefix, String x, long inplanes, long planes, int stride) {
    long out = planes * BOTTLENECK_EXPANSION;
    String y = convBn(net, prefix + ".conv1", prefix + ".bn1", x, ConvSpec.of(inplanes, planes, 1));
    y = net.relu(prefix + ".relu", y);
    y = convBn(net, prefix + ".conv2", prefix + ".bn2", y,
        ConvSpec.of(planes, planes, 3).stride(stride).pad(1));
    y = net.relu(prefix + ".relu_1", y);
    y = net.conv(prefix + ".conv3", y, ConvSpec.of(planes, out, 1));
    y = net.batchNorm(prefix + ".bn3", y, out, NetBuilder.TORCH_BN_EPSILON, BRANCH_END_GAMMA_SCALE);
    String identity = shortcut(net, prefix, x, inplanes, out, stride);
    y = net.add(prefix + ".add", y, identity);
    return net.relu(prefix + ".relu_2", y);
  }

  /** The block input itself, or a 1x1 conv + BN projection when stride or channel count changes. */
  private static String shortcut(NetBuilder net, String prefix, String x, long in, long out, int stride) {
    if (stride == 1 && in == out) {
      return x;
    }
    return convBn(net, prefix + ".downsample.0", prefix + ".downsample.1", x,
        ConvSpec.of(in, out, 1).stride(stride));
  }

  private static String convBn(NetBuilder net, String convName, String bnName, String x, ConvSpec spec) {
    String y = net.conv(convName, x, spec);
    return net.batchNorm(bnName, y, spec.outChannels(), NetBuilder.TORCH_BN_EPSILON);
  }
}
