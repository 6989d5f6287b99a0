package bsc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/**
 * {@code --json} output: Jackson, indented, key order fixed by each record's {@code @JsonPropertyOrder},
 * map keys sorted and "\n" line ends on every platform, so the same input always gives the same bytes.
 */
final class JsonOutput {
  private static final ObjectWriter WRITER = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private JsonOutput() {}

  static void write(Object report, PrintWriter out) {
    try {
      out.print(WRITER.writeValueAsString(report));
      out.print('\n');
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + report.getClass().getSimpleName(), e);
    }
  }
}
