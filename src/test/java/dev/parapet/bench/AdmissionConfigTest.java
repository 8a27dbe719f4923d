package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AdmissionConfiguration plugins and EventRateLimit limits, inline or in a referenced file. */
class AdmissionConfigTest {
  @TempDir Path dir;

  private static Map<String, String> facts(AdmissionConfig c) {
    return c.facts().stream().collect(Collectors.toMap(Setting::name, Setting::value));
  }

  @Test
  void followsThePathRelativeToTheConfigFile() {
    AdmissionConfig.Result r =
        AdmissionConfig.load(KubeletSettingsTest.DATA.resolve("admission-config.yaml"));
    assertThat(r.problems()).isEmpty();
    AdmissionConfig c = r.config().orElseThrow();
    assertThat(c.plugins())
        .extracting(AdmissionConfig.Plugin::name)
        .containsExactly("EventRateLimit", "PodSecurity");
    AdmissionConfig.EventRateLimit erl = c.eventRateLimit().orElseThrow();
    assertThat(erl.file()).endsWith("eventconfig.yaml");
    assertThat(erl.limits())
        .extracting(
            AdmissionConfig.Limit::type, l -> l.qps().orElseThrow(), l -> l.burst().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Namespace", 50L, 100L),
            org.assertj.core.groups.Tuple.tuple("User", 10L, 50L));
    assertThat(erl.limits().get(1).location().line()).isEqualTo(8);
    assertThat(facts(c))
        .containsEntry("plugins", "EventRateLimit,PodSecurity")
        .containsEntry("EventRateLimit.configured", "true")
        .containsEntry("EventRateLimit.path", "eventconfig.yaml")
        .containsEntry("EventRateLimit.limits", "2")
        .containsEntry("EventRateLimit.types", "Namespace,User")
        .containsEntry("EventRateLimit.effective", "true");
  }

  @Test
  void emptyLimitsAreNotEffective() throws IOException {
    Path f = KubeletSettingsTest.DATA.resolve("admission-no-limits.yaml");
    AdmissionConfig.Result r = AdmissionConfig.read(f.toString(), Files.readAllBytes(f));
    assertThat(r.problems()).isEmpty();
    assertThat(facts(r.config().orElseThrow()))
        .containsEntry("EventRateLimit.configured", "true")
        .containsEntry("EventRateLimit.limits", "0")
        .containsEntry("EventRateLimit.effective", "false");
  }

  @Test
  void noEventRateLimitEntryAtAll() {
    AdmissionConfig c =
        AdmissionConfig.read(
                "a.yaml",
                "apiVersion: apiserver.config.k8s.io/v1alpha1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  path: pss.yaml\n"
                    .getBytes())
            .config()
            .orElseThrow();
    assertThat(c.plugin("PodSecurity").orElseThrow().path()).contains("pss.yaml");
    assertThat(facts(c))
        .containsEntry("EventRateLimit.configured", "false")
        .containsEntry("EventRateLimit.effective", "false")
        .doesNotContainKey("EventRateLimit.path");
  }

  @Test
  void aMissingReferencedFileIsAnErrorNamingWhoReferencedIt() throws IOException {
    Path f = dir.resolve("admission.yaml");
    Files.writeString(
        f,
        "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n"
            + "- name: EventRateLimit\n  path: /nonexistent/eventconfig.yaml\n");
    AdmissionConfig.Result r = AdmissionConfig.load(f);
    assertThat(r.config()).isPresent();
    assertThat(r.problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "/nonexistent/eventconfig.yaml: cannot read (named by " + f + ":4:3): does not exist");
    assertThat(facts(r.config().get())).containsEntry("EventRateLimit.configured", "false");
  }

  @Test
  void badLimitsAreWarningsAtTheirLine() {
    AdmissionConfig.Result r =
        AdmissionConfig.read(
            "a.yaml",
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: AdmissionConfiguration
            plugins:
            - name: EventRateLimit
              configuration:
                apiVersion: eventratelimit.admission.k8s.io/v1alpha1
                kind: Configuration
                limits:
                - type: Cluster
                  qps: 5
                  burst: 10
                - type: Server
                  qps: 0
            """
                .getBytes());
    assertThat(r.problems())
        .extracting(Object::toString)
        .containsExactly(
            "a.yaml:9:7: warning: EventRateLimit limit type 'Cluster' is not Server, Namespace,"
                + " User or SourceAndObject",
            "a.yaml:12:7: warning: EventRateLimit limit needs qps and burst above 0; the API"
                + " server rejects it");
  }

  @Test
  void wrongKindIsAnError() {
    assertThat(
            AdmissionConfig.read("a.yaml", "apiVersion: v1\nkind: ConfigMap\n".getBytes())
                .problems())
        .singleElement()
        .asString()
        .startsWith("a.yaml:1:1: cannot read AdmissionConfiguration: found kind 'ConfigMap'");
  }
}
