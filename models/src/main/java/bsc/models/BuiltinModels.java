package bsc.models;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The CNNs bsc builds without any download: torchvision's architectures with deterministic, seeded
 * synthetic weights (He-normal convs, BatchNorm with non-trivial statistics). Every graph has one
 * float32 NCHW input {@code input} of batch 1 and one output {@code logits}; node and parameter names
 * are torchvision's module paths ({@code layer1.0.conv1}, {@code layer1.0.conv1.weight}).
 */
public final class BuiltinModels {
  /** The seed of {@link #build(String)}. */
  public static final long DEFAULT_SEED = 0;

  private record Entry(ModelInfo info, LongFunction<Graph> builder) {}

  /**
   * Parameter counts are torchvision's (sum of p.numel() over model.parameters()); MACs are those of
   * the built graphs, within 1% of the GFLOPS column of torchvision's model table (which counts MACs).
   */
  private static final List<Entry> MODELS = List.of(
      new Entry(new ModelInfo("resnet50", image(224), 25_557_032L, 4_089_184_256L,
          "ResNet-50 v1.5, torchvision resnet50"), ResNet::resnet50),
      new Entry(new ModelInfo("resnet18", image(224), 11_689_512L, 1_814_073_344L,
          "ResNet-18, torchvision resnet18"), ResNet::resnet18),
      new Entry(new ModelInfo("vgg16", image(224), 138_357_544L, 15_470_264_320L,
          "VGG-16 (config D, no BN), torchvision vgg16"), Vgg::vgg16),
      new Entry(new ModelInfo("inception_v3", image(299), 23_834_568L, 5_713_216_096L,
          "Inception v3 without aux head, torchvision inception_v3"), InceptionV3::inceptionV3),
      new Entry(new ModelInfo("mobilenet_v2", image(224), 3_504_872L, 300_774_272L,
          "MobileNetV2 1.0, torchvision mobilenet_v2"), MobileNetV2::mobilenetV2),
      new Entry(new ModelInfo("tiny_cnn", TensorType.of(DataType.FLOAT, 1, 3, 32, 32), 10_138L, 1_917_248L,
          "small test net: conv-bn-relu, maxpool, residual block, conv, GAP, linear"), TinyCnn::tinyCnn),
      new Entry(new ModelInfo("fmnist_resnet", TensorType.of(DataType.FLOAT, 1, 1, 28, 28), 77_754L, 2_636_672L,
          "small ResNet for Fashion-MNIST, trainable with bsc train"), FmnistResnet::fmnistResnet));

  private BuiltinModels() {}

  private static TensorType image(long side) {
    return TensorType.of(DataType.FLOAT, 1, 3, side, side);
  }

  /** Model names in listing order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Entry e : MODELS) {
      names.add(e.info().name());
    }
    return names;
  }

  public static boolean has(String name) {
    return find(name) != null;
  }

  /** Name, input, parameter and MAC counts and a one-line description, without building the model. */
  public static ModelInfo info(String name) {
    return require(name).info();
  }

  /** The model with weights drawn from {@link #DEFAULT_SEED}. */
  public static Graph build(String name) {
    return build(name, DEFAULT_SEED);
  }

  /** The model with weights drawn from {@code seed}; equal seeds give byte-identical initializers. */
  public static Graph build(String name, long seed) {
    return require(name).builder().apply(seed);
  }

  private static Entry require(String name) {
    Entry e = find(name);
    if (e == null) {
      throw new BscException("model " + name, "no built-in model of this name (built-ins: "
          + String.join(", ", names()) + ")");
    }
    return e;
  }

  private static Entry find(String name) {
    for (Entry e : MODELS) {
      if (e.info().name().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
