package dev.whokilled.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the project version, from a resource Maven fills in at build time (so it is right in the
 * IDE and in tests too), else from the jar manifest's {@code Implementation-Version}.
 */
final class VersionProvider implements IVersionProvider {

  /**
   * The project version.
   *
   * @return such as {@code 0.1.0}, or {@code unknown} when neither the resource nor the manifest says
   */
  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isEmpty() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall back to the manifest
    }
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v != null ? v : "unknown";
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "whokilled " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
