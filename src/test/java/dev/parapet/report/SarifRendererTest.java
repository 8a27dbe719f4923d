package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.parapet.check.Baseline;
import dev.parapet.check.CheckMeta;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SarifRendererTest {
  /** The OASIS schema, kept outside the project; see its SOURCE.md. */
  static final Path SCHEMA = Path.of("..", "shared", "schemas", "sarif-schema-2.1.0.json");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    JsonNode schemaNode = MAPPER.readTree(SCHEMA.toFile());
    // the published schema declares draft-04 ("$schema": ".../draft-04/schema#")
    SpecVersion.VersionFlag version = SpecVersionDetector.detect(schemaNode);
    assertThat(version).isEqualTo(SpecVersion.VersionFlag.V4);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    schema = JsonSchemaFactory.getInstance(version).getSchema(schemaNode, config);
  }

  private static JsonNode sarif(ScanResult result) throws Exception {
    JsonNode node = MAPPER.readTree(ReportFixtures.render(new SarifRenderer(), result));
    Set<ValidationMessage> errors = schema.validate(node);
    assertThat(errors).as("SARIF schema violations").isEmpty();
    return node;
  }

  @Test
  void fullScanIsValidSarif() throws Exception {
    JsonNode root = sarif(ReportFixtures.full());
    assertThat(root.get("version").asText()).isEqualTo("2.1.0");
    assertThat(root.get("runs")).hasSize(1);
  }

  @Test
  void schemaValidationIsNotVacuous() throws Exception {
    ObjectNode root =
        (ObjectNode)
            MAPPER.readTree(ReportFixtures.render(new SarifRenderer(), ReportFixtures.full()));
    ((ObjectNode) root.at("/runs/0/results/0")).put("level", "fatal");
    ((ObjectNode) root.at("/runs/0/results/1/locations/0/physicalLocation/region"))
        .put("startLine", 0);
    assertThat(schema.validate(root)).hasSize(2);
  }

  @Test
  void cleanScanFromStdinIsValidSarif() throws Exception {
    JsonNode run =
        sarif(
                ReportFixtures.scanText(
                    """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: settings
                    data:
                      level: info
                    """))
            .get("runs")
            .get(0);
    assertThat(run.get("results")).isEmpty();
    assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isTrue();
    assertThat(run.at("/invocations/0").has("toolExecutionNotifications")).isFalse();
  }

  @Test
  void stdinFindingsAreDescribedNotGivenAUri() throws Exception {
    JsonNode run =
        sarif(
                ReportFixtures.scanText(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: web
                    spec:
                      hostNetwork: true
                      containers:
                        - name: web
                          image: nginx
                    """))
            .get("runs")
            .get(0);
    JsonNode artifact = run.at("/results/0/locations/0/physicalLocation/artifactLocation");
    assertThat(artifact.has("uri")).isFalse();
    assertThat(artifact.at("/description/text").asText()).isEqualTo("standard input");
  }

  @Test
  void driverHasARuleForEveryCheckThatRan() throws Exception {
    ScanResult result = ReportFixtures.full();
    JsonNode driver = sarif(result).at("/runs/0/tool/driver");
    assertThat(driver.get("name").asText()).isEqualTo("parapet");
    assertThat(driver.get("version").asText()).isEqualTo(ReportFixtures.VERSION);
    assertThat(driver.get("informationUri").asText()).startsWith("https://");
    List<String> ruleIds = new ArrayList<>();
    driver.get("rules").forEach(r -> ruleIds.add(r.get("id").asText()));
    assertThat(ruleIds).isEqualTo(result.checks().stream().map(CheckMeta::id).toList());

    JsonNode privileged = rule(driver, "PSS-003");
    assertThat(privileged.get("name").asText()).isEqualTo("PrivilegedContainer");
    assertThat(privileged.at("/shortDescription/text").asText()).isEqualTo("Privileged container");
    assertThat(privileged.at("/fullDescription/text").asText()).contains("all Linux capabilities");
    assertThat(privileged.at("/defaultConfiguration/level").asText()).isEqualTo("error");
    assertThat(privileged.at("/help/text").asText()).contains("Remediation: Set securityContext");
    assertThat(privileged.at("/help/markdown").asText())
        .contains("**Remediation:**")
        .contains("[T1611](https://attack.mitre.org/techniques/T1611/)");
    assertThat(privileged.at("/properties/security-severity").asText()).isEqualTo("9.5");
    List<String> tags = new ArrayList<>();
    privileged.at("/properties/tags").forEach(t -> tags.add(t.asText()));
    assertThat(rule(driver, "PSA-001").get("name").asText())
        .isEqualTo("WorkloadRejectedByItsNamespacesPodSecurityEnforceLevel");
    assertThat(tags)
        .contains(
            "security", "pss", "elevation-of-privilege", "CIS 1.10: 5.2.2", "MITRE ATT&CK T1611");
    assertThat(rule(driver, "PSA-002").at("/defaultConfiguration/level").asText())
        .isEqualTo("warning");
  }

  @Test
  void resultsPointAtTheirRuleAndField() throws Exception {
    ScanResult result = ReportFixtures.full();
    JsonNode run = sarif(result).at("/runs/0");
    JsonNode rules = run.at("/tool/driver/rules");
    JsonNode results = run.get("results");
    assertThat(results).hasSize(result.findings().size());
    for (int i = 0; i < results.size(); i++) {
      JsonNode r = results.get(i);
      Finding f = result.findings().get(i);
      assertThat(r.get("ruleId").asText()).isEqualTo(f.check().id());
      assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText())
          .isEqualTo(f.check().id());
      assertThat(r.get("level").asText()).isEqualTo(SarifRenderer.level(f.severity()));
      JsonNode physical = r.at("/locations/0/physicalLocation");
      assertThat(physical.at("/artifactLocation/uri").asText()).isEqualTo(f.location().file());
      assertThat(physical.at("/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
      assertThat(physical.at("/region/startLine").asInt()).isEqualTo(f.location().line());
      assertThat(physical.at("/region/startColumn").asInt()).isEqualTo(f.location().column());
      JsonNode logical = r.at("/locations/0/logicalLocations");
      assertThat(logical.at("/0/properties/kind").asText()).isEqualTo(f.object().kind());
      assertThat(logical.at("/0/properties/name").asText()).isEqualTo(f.object().name());
      assertThat(logical.at("/1/name").asText()).isEqualTo(f.location().pointer());
      assertThat(r.at("/partialFingerprints/parapetFingerprint~1v1").asText())
          .isEqualTo(Baseline.fingerprint(f));
      assertThat(r.has("suppressions")).isEqualTo(f.suppressed());
      if (f.missingField() != null) {
        assertThat(r.at("/message/text").asText()).endsWith("(missing: " + f.missingField() + ")");
      }
    }
  }

  @Test
  void suppressionsSayWhereTheyCameFrom() throws Exception {
    JsonNode results = sarif(ReportFixtures.full()).at("/runs/0/results");
    JsonNode annotated = find(results, "PSS-003", "legacy");
    assertThat(annotated.at("/suppressions/0/kind").asText()).isEqualTo("inSource");
    assertThat(annotated.at("/suppressions/0/status").asText()).isEqualTo("accepted");
    assertThat(annotated.at("/suppressions/0/justification").asText())
        .isEqualTo("vendor agent needs <raw> sockets & host \"devices\"; see TICKET-42");
    JsonNode baselined = find(results, "PSA-002", "shop");
    assertThat(baselined.at("/suppressions/0/kind").asText()).isEqualTo("external");
    assertThat(find(results, "PSS-003", "debug").has("suppressions")).isFalse();
  }

  @Test
  void fixesTravelAsJsonPatchInProperties() throws Exception {
    JsonNode results = sarif(ReportFixtures.full()).at("/runs/0/results");
    JsonNode r = find(results, "PSS-003", "debug");
    assertThat(r.has("fixes")).isFalse();
    assertThat(r.at("/properties/fix/description").asText()).isEqualTo("set privileged to false");
    assertThat(r.at("/properties/fix/patch/0/op").asText()).isEqualTo("replace");
    assertThat(r.at("/properties/fix/patch/0/path").asText())
        .isEqualTo("/spec/containers/0/securityContext/privileged");
    assertThat(r.at("/properties/fix/patch/0/value").isBoolean()).isTrue();
    JsonNode helm = find(results, "PSS-005", "shop-worker");
    assertThat(helm.at("/properties/helmSource").asText()).isEqualTo("shop/templates/worker.yaml");
  }

  @Test
  void problemsAndErrorsAreNotifications() throws Exception {
    JsonNode invocation = sarif(ReportFixtures.full()).at("/runs/0/invocations/0");
    assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
    JsonNode notes = invocation.get("toolExecutionNotifications");
    assertThat(notes).hasSize(3);
    assertThat(notes.at("/0/level").asText()).isEqualTo("warning");
    assertThat(notes.at("/0/message/text").asText()).startsWith("not a Kubernetes object");
    assertThat(notes.at("/1/level").asText()).isEqualTo("error");
    assertThat(notes.at("/1/message/text").asText()).startsWith("cannot parse YAML");
    assertThat(notes.at("/1/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("src/test/resources/golden/input/broken.yaml");
    assertThat(notes.at("/2/associatedRule/id").asText()).isEqualTo("PSS-007");
    assertThat(notes.at("/2/locations/0/logicalLocations/0/fullyQualifiedName").asText())
        .isEqualTo("Pod/shop/debug");
  }

  @Test
  void pathsBecomeUriReferences() {
    assertThat(SarifRenderer.artifactLocation("./k8s/app.yaml").toString())
        .isEqualTo("{\"uri\":\"k8s/app.yaml\",\"uriBaseId\":\"%SRCROOT%\"}");
    assertThat(SarifRenderer.artifactLocation("my dir/a:b#ü.yaml").get("uri").asText())
        .isEqualTo("my%20dir/a%3Ab%23%C3%BC.yaml");
    assertThat(SarifRenderer.artifactLocation("/srv/k8s/app.yaml").toString())
        .isEqualTo("{\"uri\":\"file:///srv/k8s/app.yaml\"}");
  }

  @Test
  void severitiesMapToLevelsAndScores() {
    assertThat(SarifRenderer.level(Severity.CRITICAL)).isEqualTo("error");
    assertThat(SarifRenderer.level(Severity.HIGH)).isEqualTo("error");
    assertThat(SarifRenderer.level(Severity.MEDIUM)).isEqualTo("warning");
    assertThat(SarifRenderer.level(Severity.LOW)).isEqualTo("note");
    assertThat(SarifRenderer.level(Severity.INFO)).isEqualTo("note");
    double previous = 0;
    for (Severity s : Severity.values()) {
      double score = Double.parseDouble(SarifRenderer.securitySeverity(s));
      assertThat(score).isGreaterThan(previous).isLessThanOrEqualTo(10.0);
      previous = score;
    }
  }

  private static JsonNode rule(JsonNode driver, String id) {
    for (JsonNode r : driver.get("rules")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + id);
  }

  private static JsonNode find(JsonNode results, String ruleId, String objectName) {
    for (JsonNode r : results) {
      if (r.get("ruleId").asText().equals(ruleId)
          && r.at("/locations/0/logicalLocations/0/name").asText().equals(objectName)) {
        return r;
      }
    }
    throw new AssertionError("no result " + ruleId + " on " + objectName);
  }
}
