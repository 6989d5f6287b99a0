package bsc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code bsc --version}: the Maven project version, filtered into a resource at build time. */
final class BscVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"bsc " + version(), "Java " + System.getProperty("java.version")};
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = BscVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }
}
