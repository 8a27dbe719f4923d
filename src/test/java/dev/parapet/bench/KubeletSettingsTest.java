package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.bench.KubeletSettings.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Flag beats config file beats default, with the two sets of kubelet defaults. */
class KubeletSettingsTest {
  static final Path DATA = Path.of("src/test/resources/bench-inputs");

  static ConfigFile config(String name) throws IOException {
    ConfigFile.Read r = KubeletSettings.readConfig(name, Files.readAllBytes(DATA.resolve(name)));
    assertThat(r.problems()).isEmpty();
    return r.config().orElseThrow();
  }

  private static ComponentSettings kubelet(String commandLine) {
    return CommandLines.parse("ps.txt", commandLine + "\n").components().get(0);
  }

  private static final String KUBEADM_KUBELET =
      "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf"
          + " --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml"
          + " --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock";

  @Test
  void kubeadmNodeTakesItsValuesFromTheConfigFileAndV1beta1Defaults() throws IOException {
    KubeletSettings s =
        KubeletSettings.of(
            kubelet(KUBEADM_KUBELET), Optional.of(config("kubeadm-kubelet-config.yaml")));
    KubeletSettings.Effective anon = s.get("anonymous-auth");
    assertThat(anon.value()).contains("false");
    assertThat(anon.source()).isEqualTo(Source.CONFIG);
    assertThat(anon.location().orElseThrow().line()).isEqualTo(4);
    assertThat(anon.evidence())
        .isEqualTo("authentication.anonymous.enabled: false (kubeadm-kubelet-config.yaml:4)");
    assertThat(s.get("authorization.mode").value()).contains("Webhook");
    assertThat(s.get("client-ca-file").value()).contains("/etc/kubernetes/pki/ca.crt");
    assertThat(s.get("rotate-certificates").value()).contains("true");
    // readOnlyPort is not written: the v1beta1 default 0 (off) applies
    KubeletSettings.Effective port = s.get("readOnlyPort");
    assertThat(port.value()).contains("0");
    assertThat(port.source()).isEqualTo(Source.DEFAULT);
    assertThat(port.evidence())
        .isEqualTo(
            "default 0 (KubeletConfiguration default, not set in kubeadm-kubelet-config.yaml)");
    // "0s" is a zero duration the kubelet replaces by 4h
    KubeletSettings.Effective idle = s.get("streaming-connection-idle-timeout");
    assertThat(idle.value()).contains("4h0m0s");
    assertThat(idle.source()).isEqualTo(Source.DEFAULT);
    assertThat(idle.location().orElseThrow().line()).isEqualTo(46);
    assertThat(idle.evidence()).startsWith("streamingConnectionIdleTimeout: 0s is a zero value");
    assertThat(s.get("event-qps").value()).contains("50");
    assertThat(s.get("make-iptables-util-chains").value()).contains("true");
    assertThat(s.get("feature-gates.RotateKubeletServerCertificate").value()).contains("true");
    assertThat(s.get("tls-cert-file").value()).isEmpty();
    assertThat(s.get("tls-cert-file").evidence()).startsWith("not set, no default");
    assertThat(s.get("seccomp-default").value()).contains("false");
    assertThat(s.get("pod-max-pids").value()).contains("-1");
    assertThat(s.configPath()).contains("/var/lib/kubelet/config.yaml");
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void aKubeletWithoutConfigFileKeepsTheLegacyDefaults() {
    KubeletSettings s =
        KubeletSettings.of(
            kubelet("/usr/local/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf"),
            Optional.empty());
    assertThat(s.get("anonymous-auth").value()).contains("true");
    assertThat(s.get("authorization-mode").value()).contains("AlwaysAllow");
    assertThat(s.get("read-only-port").value()).contains("10255");
    assertThat(s.get("read-only-port").evidence())
        .isEqualTo("default 10255 (kubelet default without a config file)");
    assertThat(s.get("authentication-token-webhook").value()).contains("false");
  }

  @Test
  void aConfigFileNamedButNotReadUsesConfigDefaultsAndSaysSo() {
    KubeletSettings s =
        KubeletSettings.of(
            kubelet("kubelet --config=/var/lib/kubelet/config.yaml"), Optional.empty());
    assertThat(s.get("read-only-port").value()).contains("0");
    assertThat(s.get("read-only-port").evidence()).contains("was not read");
  }

  @Test
  void aFlagBeatsTheConfigFile() throws IOException {
    KubeletSettings s =
        KubeletSettings.of(
            kubelet(
                KUBEADM_KUBELET
                    + " --anonymous-auth=True --read-only-port 10255"
                    + " --feature-gates=RotateKubeletServerCertificate=false,Foo=true"
                    + " --streaming-connection-idle-timeout=0"),
            Optional.of(config("kubeadm-kubelet-config.yaml")));
    KubeletSettings.Effective anon = s.get("authentication.anonymous.enabled");
    assertThat(anon.value()).contains("true");
    assertThat(anon.source()).isEqualTo(Source.FLAG);
    assertThat(anon.evidence()).isEqualTo("--anonymous-auth=true (flag, ps.txt:1)");
    assertThat(s.get("read-only-port").value()).contains("10255");
    assertThat(s.get("feature-gates.RotateKubeletServerCertificate").value()).contains("false");
    assertThat(s.get("feature-gates.RotateKubeletServerCertificate").source())
        .isEqualTo(Source.FLAG);
    // a zero on the command line is kept: only the file's zero values are re-defaulted
    assertThat(s.get("streaming-connection-idle-timeout").value()).contains("0");
  }

  @Test
  void hardenedConfigGivesTheCisValues() throws IOException {
    KubeletSettings s =
        KubeletSettings.of(
            kubelet(KUBEADM_KUBELET), Optional.of(config("hardened-kubelet-config.yaml")));
    assertThat(s.get("read-only-port").value()).contains("0");
    assertThat(s.get("read-only-port").source()).isEqualTo(Source.CONFIG);
    assertThat(s.get("streaming-connection-idle-timeout").value()).contains("5m0s");
    assertThat(s.get("rotate-server-certificates").value()).contains("true");
    assertThat(s.get("tls-cipher-suites").value())
        .contains(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                + "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assertThat(s.get("feature-gates.RotateKubeletServerCertificate").source())
        .isEqualTo(Source.CONFIG);
    assertThat(s.get("seccompDefault").value()).contains("true");
    assertThat(s.get("podPidsLimit").value()).contains("4096");
    assertThat(s.get("protect-kernel-defaults").value()).contains("true");
    assertThat(s.get("event-qps").value()).contains("5");
  }

  @Test
  void namesOutsideTheTableAreReadWithoutDefault() throws IOException {
    KubeletSettings s =
        KubeletSettings.of(
            kubelet(KUBEADM_KUBELET + " --node-ip=10.0.0.11"),
            Optional.of(config("kubeadm-kubelet-config.yaml")));
    assertThat(s.get("node-ip").value()).contains("10.0.0.11");
    assertThat(s.get("cgroupDriver").value()).contains("systemd");
    assertThat(s.get("cgroupDriver").source()).isEqualTo(Source.CONFIG);
    assertThat(s.get("staticPodPath").location().orElseThrow().line()).isEqualTo(45);
    assertThat(s.get("no-such-flag").value()).isEmpty();
    // any feature gate, by either spelling, without a default
    KubeletSettings gates =
        KubeletSettings.of(
            kubelet(KUBEADM_KUBELET + " --feature-gates=KubeletInUserNamespace=true"),
            Optional.of(config("hardened-kubelet-config.yaml")));
    assertThat(gates.get("featureGates.KubeletInUserNamespace").value()).contains("true");
    assertThat(gates.get("featureGates.KubeletInUserNamespace").source()).isEqualTo(Source.FLAG);
    assertThat(gates.get("feature-gates.SomethingElse").value()).isEmpty();
  }

  @Test
  void aBadBooleanFlagIsReportedAtItsPlace() {
    KubeletSettings s =
        KubeletSettings.of(kubelet("kubelet --anonymous-auth=maybe"), Optional.empty());
    assertThat(s.get("anonymous-auth").value()).contains("maybe");
    assertThat(s.problems())
        .singleElement()
        .asString()
        .isEqualTo("ps.txt:1:9: warning: kubelet setting anonymous-auth: 'maybe' is not a boolean");
  }

  @Test
  void rejectsAFileThatIsNotAKubeletConfiguration() {
    ConfigFile.Read r =
        KubeletSettings.readConfig(
            "kp.yaml",
            "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
                .getBytes());
    assertThat(r.config()).isEmpty();
    assertThat(r.problems())
        .singleElement()
        .asString()
        .startsWith(
            "kp.yaml:1:1: cannot read KubeletConfiguration: found kind 'KubeProxyConfiguration'");
    ConfigFile.Read broken =
        KubeletSettings.readConfig("b.yaml", "kind: KubeletConfiguration\n  bad: [\n".getBytes());
    assertThat(broken.config()).isEmpty();
    assertThat(broken.problems()).isNotEmpty().first().asString().startsWith("b.yaml:");
    ConfigFile.Read empty = KubeletSettings.readConfig("e.yaml", new byte[0]);
    assertThat(empty.problems()).singleElement().asString().contains("e.yaml");
  }

  @Test
  void everyMappingHasAFlagAndKnownType() {
    assertThat(KubeletSettings.mappings()).hasSizeGreaterThan(15);
    assertThat(KubeletSettings.mappings())
        .allSatisfy(m -> assertThat(m.type()).isIn("bool", "int", "string", "duration", "list"));
    assertThat(KubeletSettings.mapping("readOnlyPort").orElseThrow().flag())
        .isEqualTo("read-only-port");
  }
}
