package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.models.BuiltinModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bsc inspect} on the built-in ResNet-50, whose figures are well known (torchvision: 25,557,032). */
class InspectBuiltinTest {
  @Test
  void textShowsTheConv1LineAndTheTotals() {
    Cli r = Cli.run("inspect", "resnet50");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    assertTrue(r.outLines().get(0).startsWith("model resnet50 (built-in)"), r.outLines().get(0));
    assertTrue(r.outLines().stream().anyMatch(
        l -> l.matches(TestModels.RESNET50_CONV1 + " +Conv +1x64x112x112 f32 +9,408 +118\\.0M")), r.out());
    assertTrue(r.out().contains("total: " + TestModels.RESNET50_NODES + " nodes, 25,557,032 params, 4.09G MACs"),
        r.out());
    assertTrue(r.out().contains("blocks 8x8"), r.out());
  }

  @Test
  void jsonIsValidAndTheSameBytesEveryRun() throws IOException {
    Cli first = Cli.run("inspect", "resnet50", "--json");
    Cli second = Cli.run("inspect", "resnet50", "--json");
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(first.out(), second.out());

    JsonNode json = new ObjectMapper().readTree(first.out());
    Iterator<String> keys = json.fieldNames();
    assertEquals("model", keys.next());
    assertEquals("resnet50", json.get("model").asText());
    assertEquals(25_557_032L, json.at("/totals/params").asLong());
    assertEquals(json.get("nodes").size(), json.at("/totals/nodes").asInt());
    JsonNode conv1 = json.get("nodes").get(0);
    assertEquals(TestModels.RESNET50_CONV1, conv1.get("name").asText());
    assertEquals(9408, conv1.get("params").asLong());
    assertEquals(118_013_952L, conv1.get("macs").asLong());
    assertEquals("[1,64,112,112]", conv1.at("/outputs/0/shape").toString());
  }

  /** mobilenet_v2 has ReLU6 as Clip with constant bounds: neither its nodes nor the total count them. */
  @ParameterizedTest
  @ValueSource(strings = {"resnet50", "mobilenet_v2", TestModels.SMALL})
  void nodeParametersAddUpToTheTotal(String model) throws IOException {
    JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", model, "--json").out());
    long sum = 0;
    for (JsonNode n : json.get("nodes")) {
      sum += n.get("params").asLong();
    }
    assertEquals(BuiltinModels.info(model).parameters(), json.at("/totals/params").asLong());
    assertEquals(json.at("/totals/params").asLong(), sum);
  }

  @Test
  void blockShapeOptionChangesTheGrid() throws IOException {
    JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", "resnet50", "--json", "--block", "4x16").out());
    assertEquals("4x16", json.at("/blocks/block").asText());
    JsonNode conv1 = json.at("/blocks/layers/0");
    // conv1: 64 output x 3 input channels -> 16 block rows x 1 (partial) block column
    assertEquals(16, conv1.get("blockRows").asInt());
    assertEquals(1, conv1.get("blockCols").asInt());
    JsonNode fc = json.at("/blocks/layers").get(json.at("/blocks/layers").size() - 1);
    assertEquals(250 * 128, fc.get("blocks").asLong()); // 1000 x 2048 FC
  }

  @Test
  void canonicalFoldsBatchNormAndKeepsTheMacs() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode plain = mapper.readTree(Cli.run("inspect", "resnet50", "--json").out());
    JsonNode canonical = mapper.readTree(Cli.run("inspect", "resnet50", "--json", "--canonical").out());
    assertTrue(canonical.get("canonical").asBoolean());
    assertTrue(canonical.at("/totals/nodes").asInt() < plain.at("/totals/nodes").asInt());
    assertEquals(plain.at("/totals/macs").asLong(), canonical.at("/totals/macs").asLong());
    for (JsonNode n : canonical.get("nodes")) {
      assertTrue(!n.get("op").asText().equals("BatchNormalization"), n.toString());
    }
  }
}
