package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake /proc built in a temp dir: NUL-separated command lines, kernel threads, oddities. */
class ProcReaderTest {
  @TempDir Path proc;

  private void process(String pid, String cmdline) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(pid));
    Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsComponentsFromCmdlineFiles() throws IOException {
    process("1", "/sbin/init\0splash\0");
    process("2", ""); // kernel thread
    process(
        "812",
        "/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--read-only-port\0"
            + "10255\0--node-labels=role=worker,zone=a b\0");
    process("1544", "kube-apiserver\0--authorization-mode=Node,RBAC\0--profiling=false\0");
    process("77", "kube-scheduler --bind-address=0.0.0.0 --profiling"); // rewritten argv
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("cpuinfo"), "processor: 0\n");

    CommandLines.Result r = ProcReader.read(proc);

    assertThat(r.problems()).isEmpty();
    // sorted by PID as a number, not as text
    assertThat(r.components())
        .extracting(ComponentSettings::component)
        .containsExactly(Component.SCHEDULER, Component.KUBELET, Component.APISERVER);
    ComponentSettings kubelet = r.components().get(1);
    assertThat(kubelet.source()).isEqualTo(proc.resolve("812/cmdline").toString());
    assertThat(kubelet.flag("read-only-port").orElseThrow().value()).isEqualTo("10255");
    // a value with a space survives, as the kernel keeps arguments apart
    assertThat(kubelet.flag("node-labels").orElseThrow().value()).isEqualTo("role=worker,zone=a b");
    assertThat(kubelet.flag("read-only-port").orElseThrow().location().orElseThrow().pointer())
        .isEqualTo("/2");
    assertThat(r.components().get(0).flag("profiling").orElseThrow().value()).isEqualTo("true");
  }

  @Test
  void aMissingProcIsAnError() {
    CommandLines.Result r = ProcReader.read(proc.resolve("nope"));
    assertThat(r.components()).isEmpty();
    assertThat(r.problems()).singleElement().asString().contains("cannot list processes");
  }

  @Test
  void anOversizedCmdlineIsSkippedWithAWarning() throws IOException {
    process("5", "kube-apiserver\0--x=" + "a".repeat(ProcReader.MAX_CMDLINE_BYTES));
    process("6", "etcd\0--client-cert-auth\0");
    CommandLines.Result r = ProcReader.read(proc);
    assertThat(r.components())
        .extracting(ComponentSettings::component)
        .containsExactly(Component.ETCD);
    assertThat(r.problems()).singleElement().asString().contains("5/cmdline").contains("skipped");
  }

  @Test
  void doesNotFollowASymlinkedCmdline() throws IOException {
    Path outside = Files.writeString(proc.resolve("outside.txt"), "kube-apiserver\0");
    Path dir = Files.createDirectories(proc.resolve("9"));
    Files.createSymbolicLink(dir.resolve("cmdline"), outside);
    CommandLines.Result r = ProcReader.read(proc);
    assertThat(r.components()).isEmpty();
    assertThat(r.problems()).singleElement().asString().contains("symbolic link");
  }
}
