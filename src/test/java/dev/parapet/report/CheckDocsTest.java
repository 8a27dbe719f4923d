package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.scan.BuiltinChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/checks.md is generated from the checks' metadata; this test fails when it is stale. */
class CheckDocsTest {
  private static final Path DOC = Path.of("docs", "checks.md");

  @Test
  void checksReferenceIsCurrent() throws IOException {
    String generated = CheckDocs.markdown(BuiltinChecks.metas());
    if (Boolean.getBoolean("parapet.docs.update")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("run: mvn test -Dtest=CheckDocsTest -Dparapet.docs.update=true").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as(
            "docs/checks.md is stale; run: mvn test -Dtest=CheckDocsTest -Dparapet.docs.update=true")
        .isEqualTo(generated);
  }

  @Test
  void explainTextCarriesReferencesAndFix() {
    String text = CheckDocs.text(BuiltinChecks.find("PSS-003").orElseThrow().meta());
    assertThat(text)
        .startsWith("PSS-003: Privileged container")
        .contains("severity critical")
        .contains("Fix: ")
        .contains("CIS 1.10: 5.2.2")
        .contains("T1611");
  }
}
