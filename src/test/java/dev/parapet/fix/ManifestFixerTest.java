package dev.parapet.fix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.ScanResult;
import dev.parapet.scan.Scanner;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestFixerTest {
  private static ScanResult scan(String yaml, String... only) {
    InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    Scanner.Loaded loaded = Scanner.load(List.of("-"), in, dev.parapet.source.Limits.DEFAULT);
    Scanner.Options defaults = Scanner.Options.defaults();
    Scanner.Options options =
        new Scanner.Options(
            defaults.pssVersion(),
            defaults.pssLevel(),
            List.of(),
            List.of(only),
            List.of(),
            defaults.minSeverity(),
            null);
    return Scanner.check(loaded, options, List.of("-"), "test");
  }

  private static String fix(String yaml, String... only) {
    ScanResult result = scan(yaml, only);
    ManifestFixer.Result r = ManifestFixer.apply("<stdin>", yaml, result.findings());
    assertThat(r.skipped()).isEmpty();
    return r.text();
  }

  @Test
  void twoFixesAddingToTheSameMissingMapAreMerged() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web # the storefront
        spec:
          containers:
          - name: web
            image: nginx:1.27
        """;
    String fixed = fix(yaml, "PSS-014", "PSS-018");
    assertThat(fixed)
        .contains("name: web # the storefront")
        .contains(
            "securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop: [ALL]");
    assertThat(scan(fixed, "PSS-014", "PSS-018").findings()).isEmpty();
  }

  @Test
  void removalsFromOneListTakeTheRightEntries() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: vpn
        spec:
          containers:
          - name: vpn
            image: wireguard:1.0
            securityContext:
              capabilities:
                drop: [ALL]
                add:
                - NET_ADMIN
                - NET_BIND_SERVICE
                - SYS_MODULE
        """;
    String fixed = fix(yaml, "PSS-004");
    assertThat(fixed)
        .contains("- NET_BIND_SERVICE")
        .doesNotContain("NET_ADMIN")
        .doesNotContain("SYS_MODULE");
  }

  @Test
  void emptyFlowMapBecomesABlock() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          securityContext: {}
          containers:
          - name: web
            image: nginx:1.27
        """;
    String fixed = fix(yaml, "PSS-015");
    assertThat(fixed).contains("securityContext:\n    runAsNonRoot: true");
  }

  @Test
  void fixesLandInTheRightDocumentOfAMultiDocumentFile() {
    String yaml =
        """
        # rendered by helm
        ---
        # Source: app/templates/ns.yaml
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        # Source: app/templates/pod.yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
        spec:
          hostPID: true
          containers:
          - name: web
            image: nginx:1.27
        """;
    String fixed = fix(yaml, "PSS-002", "PSA-002");
    assertThat(fixed).contains("# Source: app/templates/pod.yaml").doesNotContain("hostPID");
    assertThat(fixed).contains("pod-security.kubernetes.io/enforce: privileged");
    assertThat(scan(fixed, "PSS-002", "PSA-002").findings()).isEmpty();
    // the label is computed from the input as it was: the hostPID pod needed privileged
  }

  @Test
  void fileWithoutFixesIsReturnedByteForByte() {
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c   # odd spacing kept\n";
    ManifestFixer.Result r = ManifestFixer.apply("c.yaml", yaml, scan(yaml).findings());
    assertThat(r.text()).isEqualTo(yaml);
    assertThat(r.applied()).isZero();
  }
}
