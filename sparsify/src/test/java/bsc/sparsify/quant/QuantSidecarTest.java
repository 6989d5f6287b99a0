package bsc.sparsify.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantSidecarTest {
  @Test
  void listsFixPositionsShiftsAndClampsOfEveryLayer() throws Exception {
    Graph g = QuantizerTest.pointwise(Attributes.empty().with("activation", "relu"));
    QuantizedModel m = Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 3), 0),
        QuantOptions.defaults().withPerChannel(true));
    JsonNode root = new ObjectMapper().readTree(QuantSidecar.toJson(m));
    assertEquals("bsc-quant/1", root.path("format").asText());
    assertEquals("per-channel", root.path("weights").asText());
    assertEquals(4, root.path("fix_positions").path("x").asInt());
    assertEquals(3, root.path("fix_positions").path("conv").asInt());
    JsonNode l = root.path("layers").get(0);
    assertEquals("conv", l.path("node").asText());
    assertEquals("conv.w_q", l.path("weight").asText());
    assertEquals("[7,6]", l.path("weight_fix").toString());
    assertEquals("[8,7]", l.path("shift").toString());
    assertEquals("[0,127]", l.path("clamp").toString());
    assertEquals("percentile 99.99", root.path("calibration").path("method").asText());
    assertEquals(64, root.path("params_sha256").asText().length());
    QuantizedModel perTensor = Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 3), 0),
        QuantOptions.defaults());
    assertNotEquals(QuantSidecar.digest(m), QuantSidecar.digest(perTensor));
  }
}
