package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.parapet.model.Location;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's command line read from systemd units on kubeadm nodes and on tricky ones. */
class KubeletUnitTest {
  @TempDir Path dir;
  @TempDir Path elsewhere;
  private final List<Problem> problems = new ArrayList<>();

  private static final String ETC = "/etc/systemd/system/kubelet.service.d/";

  private KubeletUnit.Result read(KubeadmNode node) {
    KubeletUnit.Result r = KubeletUnit.read(node.open(problems));
    assertThat(problems).isEmpty();
    return r;
  }

  /** The kubelet's flags as name=value@file:line:column. */
  private static List<String> flags(KubeletUnit.Result r) {
    return r.kubelet().orElseThrow().flags().stream()
        .map(
            s -> s.name() + "=" + s.value() + "@" + s.location().map(Location::display).orElse("?"))
        .toList();
  }

  /** Column of {@code text} in line {@code line} (1-based) of {@code content}. */
  private static int col(String content, int line, String text) {
    String l = content.split("\n")[line - 1];
    assertThat(l).contains(text);
    return l.indexOf(text) + 1;
  }

  private static List<String> messages(KubeletUnit.Result r) {
    return r.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void readsKubeadmsUnitDropInAndFlagsFile() throws IOException {
    KubeletUnit.Result r = read(KubeadmNode.controlPlane(dir));
    String dropIn = KubeadmNode.DROP_IN;
    String d = KubeadmNode.KUBEADM_DROP_IN;
    assertThat(flags(r))
        .containsExactly(
            "bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf@"
                + dropIn
                + ":3:"
                + col(d, 3, "--bootstrap-kubeconfig"),
            "kubeconfig=/etc/kubernetes/kubelet.conf@" + dropIn + ":3:" + col(d, 3, "--kubeconfig"),
            "config=/var/lib/kubelet/config.yaml@" + dropIn + ":4:" + col(d, 4, "--config"),
            "pod-infra-container-image=registry.k8s.io/pause:3.10.1@"
                + KubeadmNode.FLAGS_ENV
                + ":1:23");
    ComponentSettings k = r.kubelet().orElseThrow();
    assertThat(k.component()).isEqualTo(Component.KUBELET);
    assertThat(k.source()).isEqualTo(dropIn + ":11");
    assertThat(k.location().orElseThrow().display()).isEqualTo(dropIn + ":11:11");
    assertThat(k.flag("config").orElseThrow().value()).isEqualTo("/var/lib/kubelet/config.yaml");
    assertThat(r.unitFiles())
        .extracting(NodeFiles.FileInfo::path, NodeFiles.FileInfo::octalMode)
        .containsExactly(tuple(KubeadmNode.UNIT, "644"), tuple(dropIn, "644"));
    assertThat(r.unitFiles()).allSatisfy(f -> assertThat(f.ownership()).isEqualTo("root:root"));
    assertThat(r.environmentFiles())
        .extracting(NodeFiles.FileInfo::path)
        .containsExactly(KubeadmNode.FLAGS_ENV, KubeadmNode.EXTRA_ENV);
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void readsTheCriSocketFlagWhenKubeadmWritesIt() throws IOException {
    KubeletUnit.Result r = read(KubeadmNode.worker(dir).criSocketFlag());
    assertThat(flags(r))
        .contains(
            "container-runtime-endpoint=unix:///var/run/containerd/containerd.sock@"
                + KubeadmNode.FLAGS_ENV
                + ":1:23",
            "pod-infra-container-image=registry.k8s.io/pause:3.10.1@"
                + KubeadmNode.FLAGS_ENV
                + ":1:"
                + (23
                    + "--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock "
                        .length()));
    assertThat(r.kubelet().orElseThrow().flag("kubeconfig").orElseThrow().value())
        .isEqualTo("/etc/kubernetes/kubelet.conf");
  }

  @Test
  void extraArgsFromTheUsersFileComeLastAndWin() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    node.write(
        KubeadmNode.EXTRA_ENV,
        "# set by the admin\nKUBELET_EXTRA_ARGS='--read-only-port=10255 --config=/tmp/other.yaml'\n");
    KubeletUnit.Result r = read(node);
    ComponentSettings k = r.kubelet().orElseThrow();
    assertThat(k.flag("read-only-port").orElseThrow().value()).isEqualTo("10255");
    assertThat(k.flag("config").orElseThrow().value()).isEqualTo("/tmp/other.yaml");
    assertThat(k.flag("config").orElseThrow().location().orElseThrow().display())
        .isEqualTo(KubeadmNode.EXTRA_ENV + ":2:44");
  }

  @Test
  void etcOverridesTheUnitAndADropInOfTheSameName() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    node.write(
        "/etc/systemd/system/kubelet.service",
        "[Service]\nExecStart=/usr/local/bin/kubelet --v=9\n",
        "600");
    node.write(
        ETC + "10-kubeadm.conf",
        "[Service]\nExecStart=\nExecStart=/usr/local/bin/kubelet --anonymous-auth=true\n",
        "600");
    node.write(
        "/run/systemd/system/kubelet.service.d/20-runtime.conf",
        "[Service]\nEnvironment=IGNORED=1\n",
        "644");
    node.write(ETC + "notes.txt", "[Service]\nExecStart=/bin/false\n", "644");
    KubeletUnit.Result r = read(node);
    assertThat(r.unitFiles())
        .extracting(NodeFiles.FileInfo::path)
        .containsExactly(
            "/etc/systemd/system/kubelet.service",
            ETC + "10-kubeadm.conf",
            "/run/systemd/system/kubelet.service.d/20-runtime.conf");
    assertThat(flags(r)).containsExactly("anonymous-auth=true@" + ETC + "10-kubeadm.conf:3:34");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void dropInsApplyInLexicalOrderOfNameWhateverTheirDirectory() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    // 05 sorts before 10-kubeadm.conf, whose empty ExecStart= then resets it
    node.write(ETC + "05-early.conf", "[Service]\nExecStart=/usr/bin/kubelet --early\n");
    // 90 comes after kubeadm's and replaces its command
    node.write(
        ETC + "90-late.conf",
        "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS --late=1\n");
    KubeletUnit.Result r = read(node);
    assertThat(flags(r))
        .extracting(f -> f.substring(0, f.indexOf('@')))
        .containsExactly("config=/var/lib/kubelet/config.yaml", "late=1");
  }

  @Test
  void twoExecStartLinesWithoutAResetKeepTheKubeletFromStarting() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    node.write(KubeadmNode.DROP_IN, KubeadmNode.KUBEADM_DROP_IN.replace("ExecStart=\n", ""));
    KubeletUnit.Result r = read(node);
    assertThat(r.kubelet()).isEmpty();
    assertThat(messages(r))
        .singleElement()
        .asString()
        .startsWith(KubeadmNode.DROP_IN + ":10:11: warning: kubelet.service has 2 ExecStart= lines")
        .contains("(the first at " + KubeadmNode.UNIT + ":8)");
  }

  @Test
  void aMissingOptionalEnvironmentFileIsNoProblemButARequiredOneIs() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    Files.delete(node.host(KubeadmNode.FLAGS_ENV));
    Files.delete(node.host(KubeadmNode.EXTRA_ENV));
    KubeletUnit.Result r = read(node);
    assertThat(r.problems()).isEmpty();
    assertThat(r.environmentFiles()).isEmpty();
    assertThat(flags(r)).hasSize(3).noneMatch(f -> f.startsWith("pod-infra"));

    node.write(ETC + "50-required.conf", "[Service]\nEnvironmentFile=/etc/kubelet.env\n");
    assertThat(messages(read(node)))
        .containsExactly(
            ETC
                + "50-required.conf:2:17: warning: environment file /etc/kubelet.env does not exist"
                + " and is not optional (no '-' in front); systemd refuses to start kubelet.service");
  }

  @Test
  void quotingEscapesAndContinuationsAreSystemds() throws IOException {
    KubeadmNode node = KubeadmNode.worker(dir);
    Files.delete(node.host(KubeadmNode.DROP_IN)); // the test writes the whole unit
    String unit =
        """
        [Unit]
        ExecStart=/bin/not-this-section
        [Service]
        Environment="A=--node-labels=x=1,y=2 --v=2" B='--cert-dir=/var/lib/kubelet/pki' C=\\x2d\\x2dmax-pods=110
        ; a comment
        ExecStart=@/usr/bin/kubelet kubelet $A \\
        # a comment inside a continued line is skipped
          $B "--node-ip=10.0.0.1" --hostname-override="cp 1" \\
          $C --eviction-hard=nodefs.available<10%%
        """;
    node.write(KubeadmNode.UNIT, unit);
    KubeletUnit.Result r = read(node);
    String f = KubeadmNode.UNIT;
    assertThat(flags(r))
        .containsExactly(
            "node-labels=x=1,y=2@" + f + ":4:16",
            "v=2@" + f + ":4:" + col(unit, 4, "--v=2"),
            "cert-dir=/var/lib/kubelet/pki@" + f + ":4:" + col(unit, 4, "--cert-dir"),
            "node-ip=10.0.0.1@" + f + ":8:" + col(unit, 8, "\"--node-ip"),
            "hostname-override=cp 1@" + f + ":8:" + col(unit, 8, "--hostname"),
            "max-pods=110@" + f + ":4:" + col(unit, 4, "\\x2d"),
            "eviction-hard=nodefs.available<10%@" + f + ":9:" + col(unit, 9, "--eviction"));
    assertThat(r.kubelet().orElseThrow().location().orElseThrow().display()).isEqualTo(f + ":6:11");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void dollarNameSplitsWhileBracedNameStaysOneWord() throws IOException {
    KubeadmNode node = KubeadmNode.worker(dir);
    Files.delete(node.host(KubeadmNode.DROP_IN)); // the test writes the whole unit
    String unit =
        """
        [Service]
        Environment="X=--node-labels=a=b --v=2" DIR=/srv/kubelet
        ExecStart=/usr/bin/kubelet ${X} --root-dir=${DIR}/data --price=$$5 --unset=${NOPE} $NOPE $X-y
        """;
    node.write(KubeadmNode.UNIT, unit);
    KubeletUnit.Result r = read(node);
    String f = KubeadmNode.UNIT;
    assertThat(flags(r))
        .containsExactly(
            // ${X} is one word: located at the value, where it was written
            "node-labels=a=b --v=2@" + f + ":2:16",
            "root-dir=/srv/kubelet/data@" + f + ":3:" + col(unit, 3, "--root-dir"),
            "price=$5@" + f + ":3:" + col(unit, 3, "--price"),
            "unset=@" + f + ":3:" + col(unit, 3, "--unset"));
    assertThat(messages(r))
        .singleElement()
        .asString()
        .isEqualTo(
            f
                + ":3:"
                + col(unit, 3, "$X-y")
                + ": warning: '$X-y' is not a variable name; systemd drops the word (write"
                + " ${NAME} inside a word)");

    node.write(
        KubeadmNode.UNIT,
        "[Service]\nEnvironment=\"X=--node-labels=a=b --v=2\"\nExecStart=/usr/bin/kubelet $X\n");
    assertThat(flags(read(node)))
        .containsExactly("node-labels=a=b@" + f + ":2:16", "v=2@" + f + ":2:34");
  }

  @Test
  void environmentFilesOverrideEnvironmentAndParseLikeSystemd() throws IOException {
    KubeadmNode node = KubeadmNode.worker(dir);
    Files.delete(node.host(KubeadmNode.DROP_IN)); // the test writes the whole unit
    node.write(
        KubeadmNode.UNIT,
        """
        [Service]
        Environment=ARGS=--v=1
        EnvironmentFile=-/etc/default/kubelet
        ExecStart=/usr/bin/kubelet $ARGS $MORE
        """);
    node.write(
        "/etc/default/kubelet",
        """
        # comment
        ; another
        ARGS="--v=4 --feature-gates=\\"A=true\\""
        MORE=--max-pods=50   \\
        --read-only-port=0
        not an assignment
        """);
    KubeletUnit.Result r = KubeletUnit.read(node.open(problems));
    assertThat(flags(r))
        .containsExactly(
            "v=4@/etc/default/kubelet:3:7",
            "feature-gates=A=true@/etc/default/kubelet:3:13",
            "max-pods=50@/etc/default/kubelet:4:6",
            "read-only-port=0@/etc/default/kubelet:5:1");
    assertThat(messages(r))
        .containsExactly("/etc/default/kubelet:6:1: warning: line without '='; systemd ignores it");
  }

  @Test
  void anEmptyEnvironmentOrEnvironmentFileResetsTheList() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    node.write(ETC + "20-reset.conf", "[Service]\nEnvironment=\nEnvironmentFile=\n");
    KubeletUnit.Result r = read(node);
    assertThat(r.kubelet().orElseThrow().flags()).isEmpty();
    assertThat(r.environmentFiles()).isEmpty();
  }

  @Test
  void noUnitMeansNoKubeletAndNoProblem() {
    KubeletUnit.Result r = KubeletUnit.read(NodeFiles.open(dir, problems).orElseThrow());
    assertThat(r.kubelet()).isEmpty();
    assertThat(r.unitFiles()).isEmpty();
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void aMaskedUnitStartsNothing() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    Files.createDirectories(node.host("/etc/systemd/system"));
    Files.createSymbolicLink(
        node.host("/etc/systemd/system/kubelet.service"), Path.of("/dev/null"));
    KubeletUnit.Result r = read(node);
    assertThat(r.kubelet()).isEmpty();
    assertThat(messages(r))
        .singleElement()
        .asString()
        .contains("/etc/systemd/system/kubelet.service: warning: kubelet.service is a link");
  }

  @Test
  void aUnitThatRunsSomethingElseIsNotReadAsTheKubelet() throws IOException {
    KubeadmNode node = KubeadmNode.worker(dir);
    node.write(
        ETC + "90-wrap.conf",
        "[Service]\nExecStart=\nExecStart=/opt/bin/kubelet-wrapper --config=/x\n");
    KubeletUnit.Result r = read(node);
    assertThat(r.kubelet()).isEmpty();
    assertThat(messages(r))
        .containsExactly(
            ETC
                + "90-wrap.conf:3:11: warning: kubelet.service runs '/opt/bin/kubelet-wrapper', not"
                + " the kubelet; its words are not read as flags");
  }

  @Test
  void badSyntaxIsLocatedAndTheRestGoesOn() throws IOException {
    KubeadmNode node = KubeadmNode.worker(dir);
    node.write(
        ETC + "30-bad.conf",
        "[Service\n[Service]\nEnvironment=\"OPEN=--x\nEnvironment=1BAD=x\nno equals sign\n");
    node.write(
        ETC + "40-bad-exec.conf",
        "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet \"--config=/x\n");
    KubeletUnit.Result r = read(node);
    assertThat(r.kubelet()).isEmpty();
    assertThat(messages(r))
        .containsExactly(
            ETC + "30-bad.conf:1:1: warning: invalid section header; ignored",
            ETC + "30-bad.conf:3:13: warning: Environment=: unbalanced quotes; line ignored",
            ETC
                + "30-bad.conf:4:13: warning: invalid environment assignment '1BAD=x'; systemd"
                + " ignores it",
            ETC + "30-bad.conf:5:1: warning: line without '='; systemd ignores it",
            ETC
                + "40-bad-exec.conf:3:28: warning: ExecStart=: unbalanced quotes; systemd refuses"
                + " the line");
  }

  @Test
  void linksLoopsAndOversizedFilesAreProblemsNotEscapes() throws IOException {
    KubeadmNode node = KubeadmNode.controlPlane(dir);
    Path secret = Files.writeString(elsewhere.resolve("secret.env"), "KUBELET_EXTRA_ARGS=--leak\n");
    // an environment file that points out of the tree resolves inside it, where there is none
    Files.delete(node.host(KubeadmNode.EXTRA_ENV));
    Files.createSymbolicLink(node.host(KubeadmNode.EXTRA_ENV), secret);
    Files.createDirectories(node.host(ETC));
    Files.createSymbolicLink(node.host(ETC + "60-loop.conf"), Path.of("60-loop.conf"));
    node.write(ETC + "70-big.conf", "#".repeat(KubeletUnit.MAX_FILE_BYTES + 1));
    KubeletUnit.Result r = read(node);
    assertThat(flags(r)).noneMatch(f -> f.contains("leak")).hasSize(4);
    assertThat(messages(r))
        .containsExactly(
            ETC + "60-loop.conf: warning: cannot read drop-in: too many levels of symbolic links",
            ETC
                + "70-big.conf: warning: cannot read drop-in: "
                + (KubeletUnit.MAX_FILE_BYTES + 1)
                + " bytes, more than the limit of "
                + KubeletUnit.MAX_FILE_BYTES);
    assertThat(r.environmentFiles())
        .extracting(NodeFiles.FileInfo::path)
        .containsExactly(KubeadmNode.FLAGS_ENV);
  }

  @Test
  void anExpansionPastTheLimitIsAnError() throws IOException {
    KubeadmNode node = KubeadmNode.worker(dir);
    Files.delete(node.host(KubeadmNode.DROP_IN)); // the test writes the whole unit
    String big = "--x=" + "y".repeat(1 << 19);
    node.write("/etc/big.env", "BIG=" + big + "\n");
    node.write(
        KubeadmNode.UNIT,
        "[Service]\nEnvironmentFile=/etc/big.env\nExecStart=/usr/bin/kubelet"
            + " $BIG".repeat(10)
            + "\n");
    KubeletUnit.Result r = read(node);
    assertThat(r.kubelet()).isEmpty();
    assertThat(r.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.level()).isEqualTo(Problem.Level.ERROR))
        .asString()
        .contains("grows past " + KubeletUnit.MAX_COMMAND_CHARS);
  }
}
