package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Audit policy rules in order, first match wins, and the level Secrets get. */
class AuditPolicyTest {
  static AuditPolicy.Result read(String name) throws IOException {
    return AuditPolicy.read(name, Files.readAllBytes(KubeletSettingsTest.DATA.resolve(name)));
  }

  static AuditPolicy.Result text(String yaml) {
    return AuditPolicy.read("audit.yaml", yaml.getBytes());
  }

  private static Map<String, String> facts(AuditPolicy p) {
    return p.facts().stream().collect(Collectors.toMap(Setting::name, Setting::value));
  }

  private static Setting fact(AuditPolicy p, String name) {
    return p.facts().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void secretsAtMetadataBeforeAnythingElse() throws IOException {
    AuditPolicy.Result r = read("audit-good.yaml");
    assertThat(r.problems()).isEmpty();
    AuditPolicy p = r.policy().orElseThrow();
    assertThat(p.rules()).hasSize(5);
    assertThat(p.secretsLevel()).isEqualTo("Metadata");
    assertThat(p.secretsLevels()).containsExactly("Metadata");
    assertThat(p.secretBodiesLogged()).isFalse();
    assertThat(p.omitStages()).containsExactly("RequestReceived");
    assertThat(facts(p))
        .containsEntry("rules.present", "true")
        .containsEntry("rules.count", "5")
        .containsEntry("secrets.level", "Metadata")
        .containsEntry("secrets.metadata", "true")
        .containsEntry("secrets.bodiesLogged", "false")
        .containsEntry("omitStages", "RequestReceived");
    assertThat(fact(p, "secrets.level").location().orElseThrow().line()).isEqualTo(13);
  }

  @Test
  void aNarrowerEarlierRuleCanStillLogSecretBodies() throws IOException {
    AuditPolicy p = read("audit-leaky.yaml").policy().orElseThrow();
    // the catch-all for Secrets is Metadata ...
    assertThat(p.secretsLevel()).isEqualTo("Metadata");
    // ... but creates and updates hit the RequestResponse rule first, and one user is not logged
    assertThat(p.secretsLevels()).containsExactly("None", "RequestResponse", "Metadata");
    assertThat(p.secretBodiesLogged()).isTrue();
    assertThat(facts(p))
        .containsEntry("secrets.metadata", "false")
        .containsEntry("secrets.bodiesLogged", "true")
        .containsEntry("omitStages", "");
    assertThat(fact(p, "secrets.bodiesLogged").location().orElseThrow().line()).isEqualTo(10);
  }

  @Test
  void noRuleForSecretsMeansTheyAreNotLogged() {
    AuditPolicy p =
        text("""
                apiVersion: audit.k8s.io/v1
                kind: Policy
                rules:
                - level: Metadata
                  resources:
                  - group: ""
                    resources: ["pods", "secrets/status"]
                  - group: ""
                    resources: ["secrets"]
                    resourceNames: ["only-this-one"]
                - level: Request
                  nonResourceURLs: ["/api*"]
                """)
            .policy()
            .orElseThrow();
    assertThat(p.secretsLevel()).isEqualTo("None");
    assertThat(p.secretsLevels()).containsExactly("Metadata", "None");
    assertThat(facts(p)).containsEntry("secrets.metadata", "false");
  }

  @Test
  void aCatchAllRequestResponseRuleLogsSecretContents() {
    AuditPolicy p =
        text("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n")
            .policy()
            .orElseThrow();
    assertThat(p.secretsLevel()).isEqualTo("RequestResponse");
    assertThat(p.secretBodiesLogged()).isTrue();
  }

  @Test
  void emptyOrBadRulesAreWarningsAtTheirLine() {
    AuditPolicy.Result empty = text("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n");
    assertThat(empty.problems()).singleElement().asString().contains("has no rules");
    assertThat(facts(empty.policy().orElseThrow())).containsEntry("rules.present", "false");
    AuditPolicy.Result bad =
        text("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Everything\n");
    assertThat(bad.problems())
        .singleElement()
        .asString()
        .startsWith("audit.yaml:4:10: warning: audit rule level 'Everything'");
    assertThat(text("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\n").problems())
        .singleElement()
        .asString()
        .contains("expected kind Policy with apiVersion audit.k8s.io/v1");
  }
}
