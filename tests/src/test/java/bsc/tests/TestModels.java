package bsc.tests;

/** The built-in models the CLI tests use. */
final class TestModels {
  /** A small built-in net: fast to build, export and inspect many times. */
  static final String SMALL = "tiny_cnn";
  /** torchvision names: the stem conv of ResNet-50, and the node count of the built graph. */
  static final String RESNET50_CONV1 = "conv1";
  static final int RESNET50_NODES = 175;

  private TestModels() {}
}
