package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.source.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Process lists as ps prints them on a kubeadm control-plane node, and pflag's flag syntax. */
class CommandLinesTest {
  // ps -ef on a kubeadm 1.34 control-plane node (commands as kubeadm writes them, shortened)
  private static final String PS_EF =
      """
      UID          PID    PPID  C STIME TTY          TIME CMD
      root           1       0  0 Nov20 ?        00:00:41 /sbin/init
      root         812       1  2 Nov20 ?        01:12:03 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --node-ip=10.0.0.11
      root        1544    1290  4 Nov20 ?        02:40:11 kube-apiserver --advertise-address=10.0.0.11 --allow-privileged=true --authorization-mode=Node,RBAC --client-ca-file=/etc/kubernetes/pki/ca.crt --enable-admission-plugins=NodeRestriction --enable-bootstrap-token-auth=true --secure-port=6443
      root        1560    1291  1 Nov20 ?        00:31:55 etcd --advertise-client-urls=https://10.0.0.11:2379 --cert-file=/etc/kubernetes/pki/etcd/server.crt --client-cert-auth=true --data-dir=/var/lib/etcd
      root        1601    1292  0 Nov20 ?        00:05:12 kube-scheduler --authentication-kubeconfig=/etc/kubernetes/scheduler.conf --bind-address=127.0.0.1 --leader-elect=true
      alice       9001    8999  0 17:02 pts/0    00:00:00 grep kube-apiserver
      """;

  @Test
  void findsComponentsInPsEfOutputAfterTheTimeColumn() {
    CommandLines.Result r = CommandLines.parse("ps.txt", PS_EF);
    assertThat(r.problems()).isEmpty();
    assertThat(r.components())
        .extracting(ComponentSettings::component)
        .containsExactly(
            Component.KUBELET, Component.APISERVER, Component.ETCD, Component.SCHEDULER);
    ComponentSettings apiserver = r.components().get(1);
    assertThat(apiserver.source()).isEqualTo("ps.txt:4");
    Setting authz = apiserver.flag("authorization-mode").orElseThrow();
    assertThat(authz.value()).isEqualTo("Node,RBAC");
    assertThat(authz.location().orElseThrow().line()).isEqualTo(4);
    assertThat(authz.location().orElseThrow().column())
        .isEqualTo(PS_EF.lines().toList().get(3).indexOf("--authorization-mode") + 1);
    assertThat(r.components().get(0).flag("config").orElseThrow().value())
        .isEqualTo("/var/lib/kubelet/config.yaml");
  }

  @Test
  void findsComponentsInPsAuxOutputWithoutHeader() {
    String aux =
        "etcd        1560  1.2  2.3 11214700 98000 ?     Ssl  Nov20  31:55 /usr/local/bin/etcd"
            + " --name=cp1 --client-cert-auth --peer-auto-tls=false\n"
            + "root         812  2.0  1.9 2040000 80000 ?      Ssl  Nov20  72:03 /usr/bin/kubelet"
            + " --config /var/lib/kubelet/config.yaml\n";
    CommandLines.Result r = CommandLines.parse("aux.txt", aux);
    assertThat(r.components())
        .extracting(ComponentSettings::component)
        .containsExactly(Component.ETCD, Component.KUBELET);
    // the user column says etcd too: the command is the word after TIME, not the first word
    assertThat(r.components().get(0).flag("name").orElseThrow().value()).isEqualTo("cp1");
    assertThat(r.components().get(0).flag("client-cert-auth").orElseThrow().value())
        .isEqualTo("true");
    assertThat(r.components().get(1).flag("config").orElseThrow().value())
        .isEqualTo("/var/lib/kubelet/config.yaml");
  }

  @Test
  void readsBareCommandLinesAndPidPrefixedOnes() {
    CommandLines.Result r =
        CommandLines.parse(
            "cmds.txt",
            "kube-controller-manager --profiling=false --use-service-account-credentials\n"
                + "# a comment\n\n"
                + "  4242 kube-proxy --config=/var/lib/kube-proxy/config.conf\n"
                + "containerd --config /etc/containerd/config.toml\n");
    assertThat(r.components())
        .extracting(ComponentSettings::component)
        .containsExactly(Component.CONTROLLER_MANAGER, Component.PROXY);
    ComponentSettings kcm = r.components().get(0);
    assertThat(kcm.flag("profiling").orElseThrow().value()).isEqualTo("false");
    assertThat(kcm.flag("use-service-account-credentials").orElseThrow().value()).isEqualTo("true");
    assertThat(r.components().get(1).source()).isEqualTo("cmds.txt:4");
  }

  @Test
  void aBareCommandLineAfterAPsListingIsStillRead() {
    CommandLines.Result r =
        CommandLines.parse("mixed.txt", PS_EF + "kube-controller-manager --profiling=false\n");
    assertThat(r.components()).hasSize(5);
    assertThat(r.components().get(4).component()).isEqualTo(Component.CONTROLLER_MANAGER);
    assertThat(r.components().get(4).flag("profiling").orElseThrow().value()).isEqualTo("false");
  }

  private static List<Setting> flags(Component c, String... words) {
    return flags(c, List.of(), words);
  }

  /** The flags of {@code words}, asserting that exactly the {@code strays} were warned about. */
  private static List<Setting> flags(Component c, List<String> strays, String... words) {
    List<CommandLines.Arg> args = new ArrayList<>();
    for (String w : words) {
      args.add(new CommandLines.Arg(w, Optional.empty()));
    }
    List<Problem> problems = new ArrayList<>();
    List<Setting> out = CommandLines.flags(c, args, "x", 1, problems);
    assertThat(problems)
        .extracting(Problem::message)
        .containsExactlyElementsOf(
            strays.stream()
                .map(
                    w ->
                        "'"
                            + w
                            + "' is not a flag; "
                            + c.binary()
                            + " refuses arguments that are not flags (a boolean flag takes its"
                            + " value as --flag=value)")
                .toList());
    return out;
  }

  private static List<String> pairs(List<Setting> settings) {
    return settings.stream().map(s -> s.name() + "=" + s.value()).toList();
  }

  @Test
  void parsesFlagsAsPflagDoes() {
    assertThat(
            pairs(
                flags(
                    Component.KUBELET,
                    List.of("extra-positional", "--profiling=true"),
                    "--anonymous-auth",
                    "extra-positional",
                    "--read-only-port",
                    "0",
                    "--pod-max-pids",
                    "-1",
                    "--rotate-certificates=false",
                    "-v=2",
                    "-v",
                    "3",
                    "-v4",
                    "--node-labels=",
                    "--",
                    "--profiling=true")))
        .containsExactly(
            "anonymous-auth=true",
            "read-only-port=0",
            "pod-max-pids=-1",
            "rotate-certificates=false",
            "v=2",
            "v=3",
            "v=4",
            "node-labels=");
  }

  @Test
  void aBooleanFlagDoesNotSwallowTheNextWordButAValueFlagDoes() {
    // --profiling is boolean in the apiserver: "x" is a positional argument, not its value
    assertThat(
            pairs(
                flags(
                    Component.APISERVER,
                    List.of("x"),
                    "--profiling",
                    "x",
                    "--audit-log-path",
                    "/a.log")))
        .containsExactly("profiling=true", "audit-log-path=/a.log");
    // an unknown flag followed by another flag is read as a boolean
    assertThat(pairs(flags(Component.APISERVER, "--some-new-switch", "--secure-port", "6443")))
        .containsExactly("some-new-switch=true", "secure-port=6443");
  }

  @Test
  void etcdAcceptsOneDashBeforeLongNamesAsGoFlagDoes() {
    assertThat(pairs(flags(Component.ETCD, "-name", "cp1", "-client-cert-auth", "-data-dir=/d")))
        .containsExactly("name=cp1", "client-cert-auth=true", "data-dir=/d");
  }

  @Test
  void lastOccurrenceWins() {
    ComponentSettings s =
        CommandLines.parse("p", "kube-scheduler --profiling=true --profiling=false\n")
            .components()
            .get(0);
    assertThat(s.flag("profiling").orElseThrow().value()).isEqualTo("false");
    assertThat(s.flags()).hasSize(2);
  }

  @Test
  void badFlagSyntaxIsAWarningAtItsColumn() {
    CommandLines.Result r =
        CommandLines.parse("p.txt", "kube-apiserver ---bad --secure-port=6443\n");
    assertThat(r.problems()).hasSize(1);
    Problem p = r.problems().get(0);
    assertThat(p.toString()).isEqualTo("p.txt:1:16: warning: bad flag syntax: ---bad; ignored");
    assertThat(r.components().get(0).flag("secure-port")).isPresent();
  }

  @Test
  void warnsWhenPsCutTheLine() {
    CommandLines.Result r =
        CommandLines.parse(
            "p.txt",
            "root 1544 1290 4 Nov20 ? 02:40:11 kube-apiserver --advertise-address=10.0.0.11"
                + " --allow-privi+\n");
    assertThat(r.problems()).singleElement().asString().contains("p.txt:1:").contains("cut");
  }

  @Test
  void refusesAnOversizedList() {
    String big = "x".repeat(CommandLines.MAX_BYTES + 1);
    CommandLines.Result r = CommandLines.parse("big.txt", big);
    assertThat(r.components()).isEmpty();
    assertThat(r.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.level()).isEqualTo(Problem.Level.ERROR))
        .asString()
        .startsWith("big.txt: cannot read process list");
  }

  @Test
  void knowsTheBooleanFlagsOfEachComponent() {
    assertThat(CommandLines.isBoolean(Component.KUBELET, "anonymous-auth")).isTrue();
    assertThat(CommandLines.isBoolean(Component.ETCD, "peer-client-cert-auth")).isTrue();
    assertThat(CommandLines.isBoolean(Component.APISERVER, "version")).isTrue();
    assertThat(CommandLines.isBoolean(Component.APISERVER, "authorization-mode")).isFalse();
    assertThat(CommandLines.isBoolean(Component.ETCD, "anonymous-auth")).isFalse();
  }
}
