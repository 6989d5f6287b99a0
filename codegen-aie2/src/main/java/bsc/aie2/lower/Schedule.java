package bsc.aie2.lower;

import java.util.List;
import java.util.Map;

/**
 * The layers in execution order, every activation tensor's extent, the network input and the tensors
 * that leave the array (graph outputs, or the feature map when the classifier is excluded).
 */
record Schedule(String model, List<Layer> layers, Map<String, Dims> tensors, String input, List<String> outputs,
    List<String> excluded) {
  Schedule {
    layers = List.copyOf(layers);
    tensors = Map.copyOf(tensors);
    outputs = List.copyOf(outputs);
    excluded = List.copyOf(excluded);
  }

  Dims dims(String tensor) {
    return tensors.get(tensor);
  }
}
