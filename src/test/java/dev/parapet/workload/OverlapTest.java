package dev.parapet.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckMeta;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.check.Severity;
import dev.parapet.model.Inventory;
import dev.parapet.scan.BuiltinChecks;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole scan pipeline over a node agent that trips the Pod Security controls and the
 * hardening checks on the very same fields, and proves that each such field carries exactly one
 * finding: the more severe one, or on a tie the more specific hardening one.
 */
class OverlapTest {
  private static final String MANIFEST =
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: node-agent
        namespace: monitoring
      spec:
        selector:
          matchLabels:
            app: node-agent
        template:
          metadata:
            labels:
              app: node-agent
          spec:
            securityContext:
              runAsUser: 0
              runAsGroup: 0
            containers:
              - name: agent
                image: registry.acme.io/observability/node-agent:7.52.1
                securityContext:
                  capabilities:
                    add:
                      - SYS_ADMIN
                      - NET_ADMIN
                      - SETFCAP
                      - cap_sys_module
                      - NET_BIND_SERVICE
                volumeMounts:
                  - name: docker
                    mountPath: /var/run/docker.sock
                  - name: etc
                    mountPath: /host/etc
                  - name: data
                    mountPath: /data
            volumes:
              - name: docker
                hostPath:
                  path: /var/run/docker.sock
              - name: etc
                hostPath:
                  path: /etc
              - name: data
                hostPath:
                  path: /srv/agent-data
      """;

  private static final String SPEC = "/spec/template/spec";
  private static final String CAPS = SPEC + "/containers/0/securityContext/capabilities/add/";

  private static final String DOCKER = SPEC + "/volumes/0/hostPath";
  private static final String ETC = SPEC + "/volumes/1/hostPath";
  private static final String DATA = SPEC + "/volumes/2/hostPath";
  private static final String SYS_ADMIN = CAPS + "0";
  private static final String NET_ADMIN = CAPS + "1";
  private static final String SETFCAP = CAPS + "2";
  private static final String SYS_MODULE = CAPS + "3";
  private static final String RUN_AS_USER = SPEC + "/securityContext/runAsUser";
  private static final String RUN_AS_GROUP = SPEC + "/securityContext/runAsGroup";

  private static final List<String> FIELDS =
      List.of(
          DOCKER, ETC, DATA, SYS_ADMIN, NET_ADMIN, SETFCAP, SYS_MODULE, RUN_AS_USER, RUN_AS_GROUP);

  private static ScanResult scan(String level) {
    return scan(level, List.of());
  }

  private static ScanResult scan(String level, List<String> skip) {
    ParsedFile parsed =
        new YamlReader(Limits.DEFAULT)
            .read("node-agent.yaml", MANIFEST.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.problems()).isEmpty();
    Inventory inventory = Inventory.build(List.of(parsed));
    Scanner.Options defaults = Scanner.Options.defaults();
    Scanner.Options options =
        new Scanner.Options(
            "latest", level, List.of(), List.of(), skip, Severity.INFO, defaults.baseline());
    return Scanner.check(
        new Scanner.Loaded(inventory, 1, List.of()), options, List.of("node-agent.yaml"), "test");
  }

  /** Check ids reported at each field of interest. */
  private static Map<String, List<String>> byField(ScanResult result) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String field : FIELDS) {
      out.put(
          field,
          result.findings().stream()
              .filter(f -> f.location().pointer().equals(field))
              .map(f -> f.check().id())
              .sorted()
              .toList());
    }
    return out;
  }

  @Test
  void restrictedLevelKeepsOneFindingPerField() {
    Map<String, List<String>> ids = byField(scan("restricted"));
    assertThat(ids)
        .containsEntry(DOCKER, List.of("POD-001")) // critical beats PSS-013 (medium)
        // scanning at restricted still runs the baseline controls (PSS-013 and PSS-018 refine
        // PSS-005 and PSS-004); on a tie the more specific hardening finding stays
        .containsEntry(ETC, List.of("POD-002"))
        .containsEntry(DATA, List.of("PSS-005")) // no hardening check for a plain data path
        .containsEntry(SYS_ADMIN, List.of("POD-004")) // critical beats PSS-004 (high)
        .containsEntry(NET_ADMIN, List.of("POD-005")) // tie at high: the specific one stays
        .containsEntry(SETFCAP, List.of("POD-006")) // tie at medium: the specific one stays
        .containsEntry(SYS_MODULE, List.of("POD-004"))
        .containsEntry(RUN_AS_USER, List.of("POD-010")) // tie at medium: the specific one stays
        .containsEntry(RUN_AS_GROUP, List.of("POD-010")); // no Pod Security control for it
  }

  @Test
  void baselineLevelKeepsOneFindingPerField() {
    Map<String, List<String>> ids = byField(scan("baseline"));
    assertThat(ids)
        .containsEntry(DOCKER, List.of("POD-001")) // critical beats PSS-005 (high)
        .containsEntry(ETC, List.of("POD-002")) // tie at high: the specific one stays
        .containsEntry(DATA, List.of("PSS-005"))
        .containsEntry(SYS_ADMIN, List.of("POD-004")) // critical beats PSS-004 (high)
        .containsEntry(NET_ADMIN, List.of("POD-005")) // tie at high: the specific one stays
        .containsEntry(SETFCAP, List.of("POD-006")) // baseline allows SETFCAP
        .containsEntry(SYS_MODULE, List.of("POD-004")) // PSS-004 reports the spelling too
        .containsEntry(RUN_AS_USER, List.of("POD-010")) // runAsUser is a restricted control
        .containsEntry(RUN_AS_GROUP, List.of("POD-010"));
  }

  /** Before resolution both checks report each overlapping field: the pointers really agree. */
  @Test
  void beforeResolutionBothChecksReportTheSameField() {
    ParsedFile parsed =
        new YamlReader(Limits.DEFAULT)
            .read("node-agent.yaml", MANIFEST.getBytes(StandardCharsets.UTF_8));
    Inventory inventory = Inventory.build(List.of(parsed));
    List<Finding> raw =
        CheckRunner.run(
                BuiltinChecks.ALL, new CheckContext(inventory, "latest", "restricted", List.of()))
            .findings();
    Map<String, List<String>> ids = new TreeMap<>();
    for (String field : FIELDS) {
      ids.put(
          field,
          raw.stream()
              .filter(f -> f.location().pointer().equals(field))
              .map(f -> f.check().id())
              .sorted()
              .toList());
    }
    assertThat(ids)
        .containsEntry(DOCKER, List.of("POD-001", "PSS-005", "PSS-013"))
        .containsEntry(ETC, List.of("POD-002", "PSS-005", "PSS-013"))
        .containsEntry(SYS_ADMIN, List.of("POD-004", "PSS-004", "PSS-018"))
        .containsEntry(NET_ADMIN, List.of("POD-005", "PSS-004", "PSS-018"))
        .containsEntry(SETFCAP, List.of("POD-006", "PSS-018"))
        .containsEntry(RUN_AS_USER, List.of("POD-010", "PSS-016"));
  }

  @Test
  void hardeningMessagesNameWhatTheyFound() {
    List<Finding> findings = scan("restricted").findings();
    assertThat(message(findings, DOCKER)).contains("/var/run/docker.sock");
    assertThat(message(findings, ETC)).contains("\"/etc\"").contains("writable");
    assertThat(message(findings, NET_ADMIN)).contains("NET_ADMIN").contains("which allows");
  }

  @Test
  void noFieldCarriesTwoFindingsOfOverlappingChecks() {
    for (String level : List.of("baseline", "restricted")) {
      ScanResult result = scan(level);
      Map<String, List<Finding>> grouped =
          result.findings().stream().collect(Collectors.groupingBy(f -> f.location().pointer()));
      List<String> doubles = new ArrayList<>();
      for (Map.Entry<String, List<Finding>> e : grouped.entrySet()) {
        for (Finding a : e.getValue()) {
          for (Finding b : e.getValue()) {
            if (a.check().overlaps().contains(b.check().id())) {
              doubles.add(
                  level + " " + e.getKey() + ": " + a.check().id() + " and " + b.check().id());
            }
          }
        }
      }
      assertThat(doubles).isEmpty();
    }
  }

  @Test
  void everyDeclaredOverlapIsAPodSecurityControl() {
    Set<String> declared =
        WorkloadChecks.ALL.stream()
            .map(c -> c.meta())
            .flatMap(m -> m.overlaps().stream())
            .collect(Collectors.toSet());
    assertThat(declared)
        .containsExactlyInAnyOrder("PSS-004", "PSS-005", "PSS-013", "PSS-016", "PSS-018");
    for (String id : declared) {
      CheckMeta meta = BuiltinChecks.find(id).orElseThrow().meta();
      assertThat(meta.category()).isEqualTo("pss");
    }
  }

  private static String message(List<Finding> findings, String pointer) {
    return findings.stream()
        .filter(f -> f.location().pointer().equals(pointer))
        .map(Finding::message)
        .findFirst()
        .orElse("");
  }
}
