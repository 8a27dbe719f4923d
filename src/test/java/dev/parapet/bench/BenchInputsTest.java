package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the files a component's flags name are found: through pod volumes, by path, or not. */
class BenchInputsTest {
  private static final String ENCRYPTION =
      """
      apiVersion: apiserver.config.k8s.io/v1
      kind: EncryptionConfiguration
      resources:
        - resources: [secrets]
          providers:
            - identity: {}
      """;

  private static Inventory inventory(String... files) {
    List<ParsedFile> parsed = new ArrayList<>();
    for (int i = 0; i < files.length; i += 2) {
      parsed.add(
          new YamlReader(Limits.DEFAULT)
              .read(files[i], files[i + 1].getBytes(StandardCharsets.UTF_8)));
    }
    return Inventory.build(parsed);
  }

  /** An API server pod naming FLAG, with the given volumeMounts and volumes blocks. */
  private static String apiserver(String flag, String mounts, String volumes) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-apiserver-cp1, namespace: kube-system}
        spec:
          containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.34.1
            command:
            - kube-apiserver
            - %s
            volumeMounts:
        %s
          volumes:
        %s
        """
        .formatted(flag, mounts, volumes);
  }

  private static AttachedFile encryption(Inventory inv) {
    BenchInputs.Gathered g =
        BenchInputs.gather(inv, Optional.empty(), List.of(), Defaults.shipped());
    return g.instances().get(0).file("encryption-provider-config").orElseThrow();
  }

  @Test
  void aHostPathMountLeadsToTheNodesFileMatchedByItsPath() {
    Inventory inv =
        inventory(
            "manifests/kube-apiserver.yaml",
            apiserver(
                "--encryption-provider-config=/etc/kubernetes/enc/config.yaml",
                "    - {mountPath: /etc/kubernetes/enc, name: enc, readOnly: true}",
                "  - {name: enc, hostPath: {path: /srv/enc, type: DirectoryOrCreate}}"),
            "copy/srv/enc/config.yaml",
            ENCRYPTION);
    AttachedFile f = encryption(inv);
    assertThat(f.found()).isTrue();
    assertThat(f.readFrom()).contains("copy/srv/enc/config.yaml");
    assertThat(f.path()).isEqualTo("/etc/kubernetes/enc/config.yaml");
    assertThat(f.note()).isEqualTo("hostPath /srv/enc/config.yaml");
    assertThat(f.facts())
        .anyMatch(s -> s.name().equals("secrets.encrypted") && s.value().equals("false"));
  }

  @Test
  void aSubPathMountIsFollowedToItsFile() {
    Inventory inv =
        inventory(
            "manifests/kube-apiserver.yaml",
            apiserver(
                "--encryption-provider-config=/etc/enc.yaml",
                "    - {mountPath: /etc/enc.yaml, name: enc, subPath: encryption/config.yaml}",
                "  - {name: enc, hostPath: {path: /etc/kubernetes}}"),
            "node/etc/kubernetes/encryption/config.yaml",
            ENCRYPTION);
    AttachedFile f = encryption(inv);
    assertThat(f.readFrom()).contains("node/etc/kubernetes/encryption/config.yaml");
    assertThat(f.note()).isEqualTo("hostPath /etc/kubernetes/encryption/config.yaml");
  }

  @Test
  void theOnlyFileOfItsKindIsTakenAndTheEvidenceSaysSo() {
    Inventory inv =
        inventory(
            "manifests/kube-apiserver.yaml",
            apiserver(
                "--encryption-provider-config=/etc/kubernetes/enc/config.yaml",
                "    - {mountPath: /etc/kubernetes/enc, name: enc}",
                "  - {name: enc, hostPath: {path: /etc/kubernetes/enc}}"),
            "encryption.yaml",
            ENCRYPTION);
    AttachedFile f = encryption(inv);
    assertThat(f.found()).isTrue();
    assertThat(f.note())
        .contains(
            "the only EncryptionConfiguration in the input, taken for"
                + " /etc/kubernetes/enc/config.yaml though its file name differs");
  }

  @Test
  void aPathOnNoVolumeIsInTheImageAndNotRead() {
    Inventory inv =
        inventory(
            "manifests/kube-apiserver.yaml",
            apiserver(
                "--encryption-provider-config=/etc/enc.yaml",
                "    - {mountPath: /etc/kubernetes/pki, name: pki}",
                "  - {name: pki, hostPath: {path: /etc/kubernetes/pki}}"),
            "encryption.yaml",
            ENCRYPTION);
    AttachedFile f = encryption(inv);
    assertThat(f.found()).isFalse();
    assertThat(f.note()).contains("on no volume of the pod").contains("container image");
  }

  @Test
  void aFileNotInTheInputSaysWhereToGiveIt() {
    Inventory inv =
        inventory(
            "manifests/kube-apiserver.yaml",
            apiserver(
                "--encryption-provider-config=/etc/kubernetes/enc/config.yaml",
                "    - {mountPath: /etc/kubernetes/enc, name: enc}",
                "  - {name: enc, hostPath: {path: /etc/kubernetes/enc}}"));
    AttachedFile f = encryption(inv);
    assertThat(f.found()).isFalse();
    assertThat(f.note())
        .isEqualTo(
            "/etc/kubernetes/enc/config.yaml is not in the input: give the node's files with"
                + " --root DIR, or add the file to the scanned paths");
    BenchResult r =
        BenchEvaluator.evaluate(
                Benchmark.load("cis-2.0").orElseThrow(),
                BenchInputs.gather(inv, Optional.empty(), List.of(), Defaults.shipped()),
                BenchEvaluator.Options.defaults(),
                Defaults.shipped())
            .results()
            .stream()
            .filter(x -> x.id().equals("P.1.3"))
            .findFirst()
            .orElseThrow();
    assertThat(r.status()).isEqualTo(Status.WARN);
    assertThat(r.evidence()).startsWith("secrets.encrypted cannot be judged: ");
  }

  @Test
  void kubeProxyReadsItsConfigFromTheConfigMapItMountsAndIgnoresSharedFlags() {
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-proxy-abcde, namespace: kube-system}
        spec:
          containers:
          - name: kube-proxy
            image: registry.k8s.io/kube-proxy:v1.34.1
            command:
            - /usr/local/bin/kube-proxy
            - --config=/var/lib/kube-proxy/config.conf
            - --metrics-bind-address=127.0.0.1:10249
            volumeMounts:
            - {mountPath: /var/lib/kube-proxy, name: kube-proxy}
          volumes:
          - name: kube-proxy
            configMap: {name: kube-proxy}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kube-proxy, namespace: kube-system}
        data:
          config.conf: |-
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            metricsBindAddress: 0.0.0.0:10249
        """;
    Inventory inv = inventory("dump.yaml", pod);
    BenchReport report =
        BenchEvaluator.evaluate(
            Benchmark.load("cis-2.0").orElseThrow(),
            BenchInputs.gather(inv, Optional.empty(), List.of(), Defaults.shipped()),
            BenchEvaluator.Options.defaults(),
            Defaults.shipped());
    BenchResult r =
        report.results().stream().filter(x -> x.id().equals("4.3.1")).findFirst().orElseThrow();
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence())
        .isEqualTo(
            "metricsBindAddress: 0.0.0.0:10249 in --config=/var/lib/kube-proxy/config.conf;"
                + " --metrics-bind-address is ignored because --config is given");
    // the value's own line, on the ConfigMap's key
    assertThat(r.location().orElseThrow().line()).isEqualTo(25);
    assertThat(r.location().orElseThrow().pointer()).isEqualTo("/data/config.conf");
  }

  @Test
  void kubeProxyWithoutConfigUsesItsFlagThenTheDefault() {
    ComponentSettings flags =
        new ComponentSettings(Component.PROXY, "ps.txt", Optional.empty(), List.of());
    assertThat(ProxySettings.get(flags, Optional.empty(), "", "metrics-bind-address").value())
        .contains("127.0.0.1:10249");
    ComponentSettings written =
        new ComponentSettings(
            Component.PROXY,
            "ps.txt",
            Optional.empty(),
            List.of(new Setting("metrics-bind-address", "0.0.0.0:10249", Optional.empty())));
    KubeletSettings.Effective e =
        ProxySettings.get(written, Optional.empty(), "", "metrics-bind-address");
    assertThat(e.value()).contains("0.0.0.0:10249");
    assertThat(e.source()).isEqualTo(KubeletSettings.Source.FLAG);
  }
}
