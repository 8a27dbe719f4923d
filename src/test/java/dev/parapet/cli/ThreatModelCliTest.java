package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code parapet threat-model} through the command line. */
class ThreatModelCliTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void markdownOfTheInsecureExampleShowsExposedThreatsAndTheDiagram() {
    CliTest.Run r = CliTest.run("", "threat-model", "examples/insecure-cluster");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("# Threat model\n")
        .contains(
            "| T-WL-E-1 | Elevation of privilege | container escape through privilege | exposed |")
        .contains("| kube-apiserver | port 6443 | kube-system/kube-apiserver-cp1 | n/a |")
        .contains("```mermaid\nflowchart LR\n")
        .contains("subgraph z1[\"control plane\"]");
  }

  @Test
  void unknownFormatIsAUsageError() {
    CliTest.Run r = CliTest.run("", "threat-model", "examples/hardened", "-o", "html");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown output format 'html'");
  }

  @Test
  void brokenInputExitsTwoAndTheRestIsModelled(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Files.copy(Path.of("src/test/resources/threat/exposed.yaml"), dir.resolve("exposed.yaml"));
    Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: [\n");
    CliTest.Run r = CliTest.run("", "threat-model", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("broken.yaml:").doesNotContain("Exception");
    assertThat(r.out()).contains("| T-WL-E-1 |").contains("| exposed |");
  }

  @Test
  void jsonExampleInTheDocsIsTrue() throws Exception {
    CliTest.Run r =
        CliTest.run("", "threat-model", "src/test/resources/threat/exposed.yaml", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());
    JsonNode threat = null;
    for (JsonNode t : root.get("threats")) {
      if (t.get("id").asText().equals("T-WL-E-1")) {
        threat = t;
      }
    }
    String doc = Files.readString(Path.of("docs", "json-output.md"));
    int section = doc.indexOf("\n## parapet threat-model\n");
    assertThat(section).isPositive();
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    assertThat(JSON.readTree(doc.substring(start, doc.indexOf("```", start))))
        .as("the threat-model example in docs/json-output.md is stale")
        .isEqualTo(threat);
    JsonNode full =
        JSON.readTree(
            CliTest.run("", "threat-model", "examples/insecure-cluster", "-o", "json").out());
    Set<String> keys = new TreeSet<>();
    collect(full, keys);
    String part = doc.substring(section);
    for (String k : keys) {
      assertThat(part).as("key %s documented", k).contains("`" + k + "`");
    }
  }

  private static void collect(JsonNode n, Set<String> keys) {
    if (n.isObject()) {
      n.fields()
          .forEachRemaining(
              e -> {
                keys.add(e.getKey());
                collect(e.getValue(), keys);
              });
    } else if (n.isArray()) {
      n.forEach(x -> collect(x, keys));
    }
  }
}
