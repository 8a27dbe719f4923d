package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.pss.Level;
import dev.parapet.pss.PssReport;
import dev.parapet.pss.PssVersion;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class PssRendererTest {
  private static final String SECTION = "\n## parapet pss\n";

  static PssReport example(Level level) {
    byte[] bytes =
        ReportFixtures.read(ReportFixtures.GOLDEN.resolve("example/pss-web.yaml"))
            .getBytes(StandardCharsets.UTF_8);
    ParsedFile parsed = new YamlReader(Limits.DEFAULT).read("deploy/web.yaml", bytes);
    return PssReport.of(Inventory.build(List.of(parsed)), level, PssVersion.parse("latest"));
  }

  @Test
  void documentedExampleIsTheRenderersOutput() throws IOException {
    StringBuilder json = new StringBuilder();
    PssRenderer.json(example(Level.RESTRICTED), json);
    String doc = ReportFixtures.read(JsonOutputDocTest.DOC);
    int section = doc.indexOf(SECTION);
    assertThat(section).isNotNegative();
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    int end = doc.indexOf("```", start);
    if (Golden.UPDATE) {
      Files.writeString(
          JsonOutputDocTest.DOC,
          doc.substring(0, start) + json + doc.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(doc.substring(start, end))
        .as("pss example in docs/json-output.md is stale; run with -Dparapet.golden.update=true")
        .isEqualTo(json.toString());
  }

  @Test
  void tableShowsVerdictViolationAndNamespaceLevel() throws IOException {
    StringBuilder out = new StringBuilder();
    PssRenderer.table(example(Level.BASELINE), out, false);
    assertThat(out.toString())
        .contains("Pod Security Standards baseline:v1.37")
        .contains("forbidden Deployment web  deploy/web.yaml:8:1  (meets privileged)")
        .contains("30:19 non-default capabilities: container \"web\" must not include \"NET_RAW\"")
        .contains(
            "shop                     privileged enforce=baseline:latest  1 workload(s) rejected by enforce")
        .endsWith("1 workloads: 0 allowed, 1 forbidden at baseline:v1.37\n");
  }
}
