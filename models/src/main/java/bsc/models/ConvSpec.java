package bsc.models;

/**
 * The hyper-parameters of one 2-D convolution, written like torch's
 * {@code nn.Conv2d(in, out, kernel_size, stride, padding, groups, bias)} so a builder reads like the
 * torchvision source it mirrors. Padding is symmetric per axis, as in torch.
 */
record ConvSpec(
    long inChannels, long outChannels, int kernelH, int kernelW, int stride, int padH, int padW,
    long groups, boolean bias) {

  /** A square k x k convolution, stride 1, no padding, one group, no bias. */
  static ConvSpec of(long in, long out, int k) {
    return new ConvSpec(in, out, k, k, 1, 0, 0, 1, false);
  }

  /** A kh x kw convolution (e.g. the 1x7 and 7x1 of Inception), stride 1, no padding. */
  static ConvSpec of(long in, long out, int kh, int kw) {
    return new ConvSpec(in, out, kh, kw, 1, 0, 0, 1, false);
  }

  ConvSpec stride(int s) {
    return new ConvSpec(inChannels, outChannels, kernelH, kernelW, s, padH, padW, groups, bias);
  }

  ConvSpec pad(int p) {
    return pad(p, p);
  }

  ConvSpec pad(int ph, int pw) {
    return new ConvSpec(inChannels, outChannels, kernelH, kernelW, stride, ph, pw, groups, bias);
  }

  ConvSpec groups(long g) {
    return new ConvSpec(inChannels, outChannels, kernelH, kernelW, stride, padH, padW, g, bias);
  }

  ConvSpec withBias() {
    return new ConvSpec(inChannels, outChannels, kernelH, kernelW, stride, padH, padW, groups, true);
  }

  /** Inputs seen by one output: the He-init fan-in. */
  long fanIn() {
    return inChannels / groups * kernelH * kernelW;
  }
}
