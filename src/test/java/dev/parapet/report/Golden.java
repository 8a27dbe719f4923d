package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a file under {@code src/test/resources/golden}, or rewrites the file when
 * the build runs with {@code -Dparapet.golden.update=true}.
 */
final class Golden {
  static final boolean UPDATE = Boolean.getBoolean("parapet.golden.update");

  private Golden() {}

  static void check(String name, String actual) {
    Path file = ReportFixtures.GOLDEN.resolve(name);
    try {
      if (UPDATE) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file)
          .as("golden file %s is missing; run with -Dparapet.golden.update=true", file)
          .exists();
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        // leave the actual output next to the build for diffing
        Path out = Path.of("target", "golden-actual", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, actual, StandardCharsets.UTF_8);
      }
      assertThat(actual)
          .as(
              "output differs from %s (actual in target/golden-actual/%s); if the change is"
                  + " intended, run with -Dparapet.golden.update=true",
              file, name)
          .isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
