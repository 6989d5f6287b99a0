package bsc.sim.int8;

/**
 * Whether the vector conv path can run: the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (the {@code bsc} launcher adds it for the commands that run INT8; plain {@code java -jar} does not) and
 * the system property {@code bsc.int8.vector} is not {@code false}. Without it the executor takes the
 * scalar loops of {@link Mac}, which give the same bytes.
 */
final class VectorSupport {
  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("bsc.int8.vector"));

  private VectorSupport() {}

  static boolean available() {
    return AVAILABLE;
  }
}
