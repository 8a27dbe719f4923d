package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parapet.check.Baseline;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The keys of a finding in documented order; the optional ones where they go when present. */
  private static final List<String> FINDING_KEYS =
      List.of(
          "check",
          "severity",
          "title",
          "message",
          "kind",
          "namespace",
          "name",
          "file",
          "line",
          "column",
          "pointer",
          "missingField",
          "attackPath",
          "helmSource",
          "category",
          "stride",
          "references",
          "remediation",
          "fingerprint",
          "suppressed",
          "suppression",
          "fix");

  private static final Set<String> OPTIONAL =
      Set.of("missingField", "attackPath", "helmSource", "suppression", "fix");

  private static JsonNode json(ScanResult result) throws Exception {
    return MAPPER.readTree(ReportFixtures.render(new JsonRenderer(), result));
  }

  @Test
  void topLevelCarriesVersionToolInputsAndSummary() throws Exception {
    JsonNode root = json(ReportFixtures.full());
    assertThat(keys(root))
        .containsExactly(
            "schemaVersion", "tool", "inputs", "summary", "findings", "problems", "errors");
    assertThat(root.get("schemaVersion").asText()).isEqualTo(JsonRenderer.SCHEMA_VERSION);
    assertThat(root.at("/tool/name").asText()).isEqualTo("parapet");
    assertThat(root.at("/tool/version").asText()).isEqualTo(ReportFixtures.VERSION);
    assertThat(root.at("/inputs/0").asText()).isEqualTo(ReportFixtures.INPUT);
    JsonNode summary = root.get("summary");
    assertThat(summary.get("files").asInt()).isEqualTo(3);
    assertThat(summary.get("objects").asInt()).isEqualTo(6);
    assertThat(summary.get("findings").asInt()).isEqualTo(7);
    assertThat(summary.get("suppressed").asInt()).isEqualTo(2);
    assertThat(keys(summary.get("bySeverity")))
        .containsExactly("critical", "high", "medium", "low", "info");
    // the two high findings on the privileged debug pod lie on an attack path: raised to critical
    assertThat(summary.at("/bySeverity/critical").asInt()).isEqualTo(3);
    assertThat(summary.at("/bySeverity/high").asInt()).isEqualTo(0);
    assertThat(summary.at("/bySeverity/medium").asInt()).isEqualTo(4);
    assertThat(summary.get("problems").asInt()).isEqualTo(root.get("problems").size());
    assertThat(summary.get("errors").asInt()).isEqualTo(root.get("errors").size());
  }

  @Test
  void everyFindingHasTheDocumentedFieldsInOrder() throws Exception {
    ScanResult result = ReportFixtures.full();
    JsonNode findings = json(result).get("findings");
    assertThat(findings).hasSize(result.findings().size());
    for (int i = 0; i < findings.size(); i++) {
      JsonNode f = findings.get(i);
      Finding expected = result.findings().get(i);
      List<String> present = keys(f);
      List<String> required = FINDING_KEYS.stream().filter(k -> !OPTIONAL.contains(k)).toList();
      assertThat(present).containsAll(required);
      assertThat(present).isEqualTo(FINDING_KEYS.stream().filter(present::contains).toList());
      assertThat(f.get("check").asText()).isEqualTo(expected.check().id());
      assertThat(f.get("line").asInt()).isEqualTo(expected.location().line());
      assertThat(f.get("pointer").asText()).startsWith("/");
      assertThat(f.get("fingerprint").asText()).isEqualTo(Baseline.fingerprint(expected));
      assertThat(keys(f.get("references"))).containsExactly("pss", "cis", "mitre", "nsa");
      assertThat(f.get("suppressed").asBoolean()).isEqualTo(expected.suppressed());
      assertThat(f.has("suppression")).isEqualTo(expected.suppressed());
      assertThat(f.has("missingField")).isEqualTo(expected.missingField() != null);
      assertThat(f.has("fix")).isEqualTo(expected.fix() != null);
      assertThat(f.has("attackPath")).isEqualTo(expected.onPath() != null);
      if (expected.onPath() != null) {
        assertThat(f.at("/attackPath/baseSeverity").asText())
            .isEqualTo(expected.check().severity().label());
        assertThat(f.get("severity").asText()).isEqualTo(expected.onPath().raised().label());
      }
    }
  }

  @Test
  void optionalFieldsAppearWhenSet() throws Exception {
    JsonNode findings = json(ReportFixtures.full()).get("findings");
    JsonNode helm = find(findings, "PSS-005", "shop-worker");
    assertThat(helm.get("helmSource").asText()).isEqualTo("shop/templates/worker.yaml");
    JsonNode missing = find(findings, "PSS-015", "api");
    assertThat(missing.get("missingField").asText()).isEqualTo("securityContext.runAsNonRoot");
    assertThat(missing.at("/fix/patch/0/op").asText()).isEqualTo("add");
    assertThat(missing.at("/fix/patch/0/value/runAsNonRoot").asBoolean()).isTrue();
    JsonNode suppressed = find(findings, "PSS-003", "legacy");
    assertThat(suppressed.at("/suppression/kind").asText()).isEqualTo("annotation");
    assertThat(suppressed.at("/suppression/justification").asText()).contains("TICKET-42");
    JsonNode baselined = find(findings, "PSA-002", "shop");
    assertThat(baselined.at("/suppression/kind").asText()).isEqualTo("baseline");
    JsonNode privileged = find(findings, "PSS-003", "debug");
    assertThat(privileged.get("severity").asText()).isEqualTo("critical");
    assertThat(privileged.get("stride").asText()).isEqualTo("elevation-of-privilege");
    assertThat(privileged.at("/references/pss").asText())
        .isEqualTo("baseline/Privileged Containers");
    assertThat(privileged.at("/references/mitre/0").asText()).isEqualTo("T1611");
  }

  @Test
  void patchesAreRfc6902Operations() throws Exception {
    for (JsonNode f : json(ReportFixtures.full()).get("findings")) {
      if (!f.has("fix")) {
        continue;
      }
      assertThat(f.at("/fix/description").asText()).isNotBlank();
      for (JsonNode op : f.at("/fix/patch")) {
        assertThat(op.get("op").asText()).isIn("add", "remove", "replace", "move", "copy", "test");
        assertThat(op.get("path").asText()).startsWith("/");
        assertThat(op.has("value")).isEqualTo(!op.get("op").asText().equals("remove"));
      }
    }
  }

  @Test
  void problemsAndErrorsAreListed() throws Exception {
    JsonNode root = json(ReportFixtures.full());
    JsonNode warning = root.at("/problems/0");
    assertThat(keys(warning)).containsExactly("level", "file", "line", "column", "message");
    assertThat(warning.get("level").asText()).isEqualTo("warning");
    assertThat(root.at("/problems/1/level").asText()).isEqualTo("error");
    JsonNode error = root.at("/errors/0");
    assertThat(keys(error)).containsExactly("check", "kind", "namespace", "name", "message");
    assertThat(error.get("check").asText()).isEqualTo("PSS-007");
  }

  @Test
  void emptyScanKeepsTheShape() throws Exception {
    JsonNode root = json(ReportFixtures.scanText("apiVersion: v1\nkind: Namespace\n"));
    assertThat(root.get("findings").isArray()).isTrue();
    assertThat(root.get("findings")).isEmpty();
    assertThat(root.at("/summary/findings").asInt()).isZero();
    String text =
        ReportFixtures.render(
            new JsonRenderer(), ReportFixtures.scanText("apiVersion: v1\nkind: Namespace\n"));
    assertThat(text).contains("\"findings\": []").doesNotContain("\r");
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(keys::add);
    return keys;
  }

  private static JsonNode find(JsonNode findings, String check, String name) {
    for (JsonNode f : findings) {
      if (f.get("check").asText().equals(check) && f.get("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + check + " on " + name);
  }
}
