package dev.parapet.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScannerTest {
  private static ScanResult scan(String yaml) {
    Scanner.Loaded loaded =
        Scanner.load(
            List.of("-"),
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
            Limits.DEFAULT);
    return Scanner.check(loaded, Scanner.Options.defaults(), List.of("-"), "test");
  }

  private static List<String> at(ScanResult r, String pointer) {
    return r.findings().stream()
        .filter(f -> f.location().pointer().equals(pointer))
        .map(f -> f.check().id())
        .sorted()
        .toList();
  }

  @Test
  void aFieldReportedByABaselineAndItsRestrictedReplacementIsShownOnceWithTheHigherSeverity() {
    ScanResult r =
        scan(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: backup
              namespace: ops
            spec:
              securityContext:
                seccompProfile:
                  type: Unconfined
              containers:
              - name: backup
                image: restic/restic:0.16.4
                securityContext:
                  capabilities:
                    drop: [ALL]
                    add: [SYS_ADMIN]
              volumes:
              - name: host
                hostPath:
                  path: /mnt/backups
              - name: share
                nfs:
                  server: nas.example.com
                  path: /backups
            """);
    assertThat(at(r, "/spec/volumes/0/hostPath")).containsExactly("PSS-005");
    assertThat(at(r, "/spec/volumes/1/nfs")).containsExactly("PSS-013");
    assertThat(at(r, "/spec/securityContext/seccompProfile/type")).containsExactly("PSS-011");
    assertThat(at(r, "/spec/containers/0/securityContext/capabilities/add/0"))
        .doesNotContain("PSS-018");
  }

  @Test
  void suppressionByAnnotationOnThePodTemplateKeepsTheFindingVisible() {
    ScanResult r =
        scan(
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-exporter
              namespace: monitoring
            spec:
              selector:
                matchLabels: {app: node-exporter}
              template:
                metadata:
                  labels: {app: node-exporter}
                  annotations:
                    parapet.dev/ignore: PSS-002, PSS-005
                    parapet.dev/ignore-reason: node metrics need the host network and /proc
                spec:
                  hostNetwork: true
                  containers:
                  - name: node-exporter
                    image: quay.io/prometheus/node-exporter:v1.8.1
            """);
    Finding hostNetwork =
        r.findings().stream()
            .filter(f -> f.check().id().equals("PSS-002"))
            .findFirst()
            .orElseThrow();
    assertThat(hostNetwork.suppressed()).isTrue();
    assertThat(hostNetwork.suppression().justification()).startsWith("node metrics");
    assertThat(r.active()).noneMatch(f -> f.check().id().equals("PSS-002"));
  }

  @Test
  void anIgnoreAnnotationOnOneObjectDoesNotSuppressAnotherWithTheSameName() {
    ScanResult r =
        scan(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              annotations:
                parapet.dev/ignore: PSS-003
                parapet.dev/ignore-reason: staging debug build
            spec:
              template:
                spec:
                  containers: [{name: api, image: "api:1", securityContext: {privileged: true}}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  containers: [{name: api, image: "api:1", securityContext: {privileged: true}}]
            """);
    List<Finding> privileged =
        r.findings().stream().filter(f -> f.check().id().equals("PSS-003")).toList();
    assertThat(privileged).hasSize(2);
    assertThat(privileged.get(0).suppressed()).isTrue();
    assertThat(privileged.get(1).suppressed()).isFalse();
  }

  @Test
  void selectionByIdAndCategory() {
    Scanner.Options d = Scanner.Options.defaults();
    Scanner.Options onlyPsa =
        new Scanner.Options(
            d.pssVersion(),
            d.pssLevel(),
            List.of(),
            List.of("psa"),
            List.of("PSA-003"),
            d.minSeverity(),
            null);
    List<String> ids =
        Scanner.select(BuiltinChecks.ALL, onlyPsa).stream().map(c -> c.meta().id()).toList();
    assertThat(ids).containsExactly("PSA-001", "PSA-002");
  }
}
