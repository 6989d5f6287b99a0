package bsc.models;

import bsc.ir.Graph;

/**
 * Inception v3 as in torchvision.models.inception_v3 (Szegedy et al. 2016, "Rethinking the Inception
 * Architecture"), class Inception3 with {@code aux_logits=False} and without the {@code transform_input}
 * re-normalization. Every conv is torchvision's BasicConv2d: Conv2d without bias, BatchNorm2d with
 * eps 0.001, ReLU. Input 299x299; the Mixed_5 blocks run at 35x35, Mixed_6 at 17x17, Mixed_7 at 8x8.
 * Branch order and names follow torchvision's InceptionA..E, so channel order after each Concat matches.
 */
final class InceptionV3 {
  /** torchvision's BasicConv2d: BatchNorm2d(out_channels, eps=0.001). */
  private static final float BN_EPSILON = 0.001f;
  private static final long CLASSES = 1000;

  private InceptionV3() {}

  /** torchvision inception_v3 without AuxLogits: 23,834,568 parameters (27,161,264 with them). */
  static Graph inceptionV3(long seed) {
    NetBuilder net = new NetBuilder("inception_v3", seed, 1, 3, 299, 299);
    String x = NetBuilder.INPUT;
    x = basicConv(net, "Conv2d_1a_3x3", x, ConvSpec.of(3, 32, 3).stride(2));
    x = basicConv(net, "Conv2d_2a_3x3", x, ConvSpec.of(32, 32, 3));
    x = basicConv(net, "Conv2d_2b_3x3", x, ConvSpec.of(32, 64, 3).pad(1));
    x = net.maxPool("maxpool1", x, 3, 2, 0);
    x = basicConv(net, "Conv2d_3b_1x1", x, ConvSpec.of(64, 80, 1));
    x = basicConv(net, "Conv2d_4a_3x3", x, ConvSpec.of(80, 192, 3));
    x = net.maxPool("maxpool2", x, 3, 2, 0);
    x = inceptionA(net, "Mixed_5b", x, 192, 32);
    x = inceptionA(net, "Mixed_5c", x, 256, 64);
    x = inceptionA(net, "Mixed_5d", x, 288, 64);
    x = inceptionB(net, "Mixed_6a", x, 288);
    x = inceptionC(net, "Mixed_6b", x, 768, 128);
    x = inceptionC(net, "Mixed_6c", x, 768, 160);
    x = inceptionC(net, "Mixed_6d", x, 768, 160);
    x = inceptionC(net, "Mixed_6e", x, 768, 192);
    x = inceptionD(net, "Mixed_7a", x, 768);
    x = inceptionE(net, "Mixed_7b", x, 1280);
    x = inceptionE(net, "Mixed_7c", x, 2048);
    x = net.globalAveragePool("avgpool", x);
    x = net.dropout("dropout", x);
    x = net.flatten("flatten", x);
    net.logits("fc", x, 2048, CLASSES);
    return net.build();
  }

  /** InceptionA: 1x1 | 1x1-5x5 | 1x1-3x3-3x3 | avgpool-1x1; out 224 + pool_features channels. */
  private static String inceptionA(NetBuilder net, String p, String x, long in, long poolFeatures) {
    String b1 = basicConv(net, p + ".branch1x1", x, ConvSpec.of(in, 64, 1));
    String b5 = basicConv(net, p + ".branch5x5_1", x, ConvSpec.of(in, 48, 1));
    b5 = basicConv(net, p + ".branch5x5_2", b5, ConvSpec.of(48, 64, 5).pad(2));
    String b3 = basicConv(net, p + ".branch3x3dbl_1", x, ConvSpec.of(in, 64, 1));
    b3 = basicConv(net, p + ".branch3x3dbl_2", b3, ConvSpec.of(64, 96, 3).pad(1));
    b3 = basicConv(net, p + ".branch3x3dbl_3", b3, ConvSpec.of(96, 96, 3).pad(1));
    String bp = branchPool(net, p, x, in, poolFeatures);
    return net.concat(p + ".concat", b1, b5, b3, bp);
  }

  /** InceptionB (grid reduction 35 to 17): 3x3/2 | 1x1-3x3-3x3/2 | maxpool/2; out 480 + in channels. */
  private static String inceptionB(NetBuilder net, String p, String x, long in) {
    String b3 = basicConv(net, p + ".branch3x3", x, ConvSpec.of(in, 384, 3).stride(2));
    String bd = basicConv(net, p + ".branch3x3dbl_1", x, ConvSpec.of(in, 64, 1));
    bd = basicConv(net, p + ".branch3x3dbl_2", bd, ConvSpec.of(64, 96, 3).pad(1));
    bd = basicConv(net, p + ".branch3x3dbl_3", bd, ConvSpec.of(96, 96, 3).stride(2));
    String bp = net.maxPool(p + ".branch_pool", x, 3, 2, 0);
    return net.concat(p + ".concat", b3, bd, bp);
  }

  /** InceptionC (factorized 7x7): 1x1 | 1x1-1x7-7x1 | 1x1-7x1-1x7-7x1-1x7 | avgpool-1x1; out 768. */
  private static String inceptionC(NetBuilder net, String p, String x, long in, long c7) {
    String b1 = basicConv(net, p + ".branch1x1", x, ConvSpec.of(in, 192, 1));
    String b7 = basicConv(net, p + ".branch7x7_1", x, ConvSpec.of(in, c7, 1));
    b7 = basicConv(net, p + ".branch7x7_2", b7, ConvSpec.of(c7, c7, 1, 7).pad(0, 3));
    b7 = basicConv(net, p + ".branch7x7_3", b7, ConvSpec.of(c7, 192, 7, 1).pad(3, 0));
    String bd = basicConv(net, p + ".branch7x7dbl_1", x, ConvSpec.of(in, c7, 1));
    bd = basicConv(net, p + ".branch7x7dbl_2", bd, ConvSpec.of(c7, c7, 7, 1).pad(3, 0));
    bd = basicConv(net, p + ".branch7x7dbl_3", bd, ConvSpec.of(c7, c7, 1, 7).pad(0, 3));
    bd = basicConv(net, p + ".branch7x7dbl_4", bd, ConvSpec.of(c7, c7, 7, 1).pad(3, 0));
    bd = basicConv(net, p + ".branch7x7dbl_5", bd, ConvSpec.of(c7, 192, 1, 7).pad(0, 3));
    String bp = branchPool(net, p, x, in, 192);
    return net.concat(p + ".concat", b1, b7, bd, bp);
  }

  /** InceptionD (grid reduction 17 to 8): 1x1-3x3/2 | 1x1-1x7-7x1-3x3/2 | maxpool/2; out 512 + in. */
  private static String inceptionD(NetBuilder net, String p, String x, long in) {
    String b3 = basicConv(net, p + ".branch3x3_1", x, ConvSpec.of(in, 192, 1));
    b3 = basicConv(net, p + ".branch3x3_2", b3, ConvSpec.of(192, 320, 3).stride(2));
    String b7 = basicConv(net, p + ".branch7x7x3_1", x, ConvSpec.of(in, 192, 1));
    b7 = basicConv(net, p + ".branch7x7x3_2", b7, ConvSpec.of(192, 192, 1, 7).pad(0, 3));
    b7 = basicConv(net, p + ".branch7x7x3_3", b7, ConvSpec.of(192, 192, 7, 1).pad(3, 0));
    b7 = basicConv(net, p + ".branch7x7x3_4", b7, ConvSpec.of(192, 192, 3).stride(2));
    String bp = net.maxPool(p + ".branch_pool", x, 3, 2, 0);
    return net.concat(p + ".concat", b3, b7, bp);
  }

  /**
   * InceptionE (expanded filter bank): 1x1 | 1x1-(1x3, 3x1) | 1x1-3x3-(1x3, 3x1) | avgpool-1x1; out 2048.
   * The split pairs are concatenated first, as torchvision's forward does.
   */
  private static String inceptionE(NetBuilder net, String p, String x, long in) {
    String b1 = basicConv(net, p + ".branch1x1", x, ConvSpec.of(in, 320, 1));
    String b3 = basicConv(net, p + ".branch3x3_1", x, ConvSpec.of(in, 384, 1));
    b3 = net.concat(p + ".branch3x3",
        basicConv(net, p + ".branch3x3_2a", b3, ConvSpec.of(384, 384, 1, 3).pad(0, 1)),
        basicConv(net, p + ".branch3x3_2b", b3, ConvSpec.of(384, 384, 3, 1).pad(1, 0)));
    String bd = basicConv(net, p + ".branch3x3dbl_1", x, ConvSpec.of(in, 448, 1));
    bd = basicConv(net, p + ".branch3x3dbl_2", bd, ConvSpec.of(448, 384, 3).pad(1));
    bd = net.concat(p + ".branch3x3dbl",
        basicConv(net, p + ".branch3x3dbl_3a", bd, ConvSpec.of(384, 384, 1, 3).pad(0, 1)),
        basicConv(net, p + ".branch3x3dbl_3b", bd, ConvSpec.of(384, 384, 3, 1).pad(1, 0)));
    String bp = branchPool(net, p, x, in, 192);
    return net.concat(p + ".concat", b1, b3, bd, bp);
  }

  /** avg_pool2d(3, stride 1, pad 1, count_include_pad) then a 1x1 BasicConv2d named branch_pool. */
  private static String branchPool(NetBuilder net, String p, String x, long in, long out) {
    String pooled = net.avgPool(p + ".avg_pool", x, 3, 1, 1);
    return basicConv(net, p + ".branch_pool", pooled, ConvSpec.of(in, out, 1));
  }

  /** torchvision BasicConv2d: {@code <name>.conv} (no bias), {@code <name>.bn}, ReLU. */
  private static String basicConv(NetBuilder net, String name, String x, ConvSpec spec) {
    String y = net.conv(name + ".conv", x, spec);
    y = net.batchNorm(name + ".bn", y, spec.outChannels(), BN_EPSILON);
    return net.relu(name + ".relu", y);
  }
}
