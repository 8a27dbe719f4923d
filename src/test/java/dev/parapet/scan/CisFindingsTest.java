package dev.parapet.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.Baseline;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIS benchmark's FAIL results as findings of {@code parapet scan}. */
class CisFindingsTest {
  private static final String DEFAULT = "src/test/resources/bench/kubeadm-default";
  private static final String HARDENED = "src/test/resources/bench/kubeadm-hardened";
  private static final String DUMP = "src/test/resources/bench/insecure-dump";

  /** The automated entries kubeadm v1.34's defaults fail (BenchDataTest's FAIL list). */
  private static final List<String> KUBEADM_DEFAULT_FAILS =
      List.of(
          "CIS-1.2.5",
          "CIS-1.2.15",
          "CIS-1.2.16",
          "CIS-1.2.17",
          "CIS-1.2.18",
          "CIS-1.2.19",
          "CIS-1.2.30",
          "CIS-1.3.2",
          "CIS-1.4.1");

  private static Scanner.Options options(List<String> only, List<String> skip, Baseline baseline) {
    Scanner.Options d = Scanner.Options.defaults();
    return new Scanner.Options(
        d.pssVersion(), d.pssLevel(), List.of(), only, skip, d.minSeverity(), baseline);
  }

  private static ScanResult scan(String path, Scanner.Options options) {
    Scanner.Loaded loaded =
        Scanner.load(List.of(path), new ByteArrayInputStream(new byte[0]), Limits.DEFAULT);
    assertThat(loaded.problems()).isEmpty();
    return Scanner.check(loaded, options, List.of(path), "test");
  }

  private static List<Finding> cis(ScanResult r) {
    return r.findings().stream().filter(f -> f.check().category().equals("cis")).toList();
  }

  private static List<String> ids(List<Finding> findings) {
    return findings.stream().map(f -> f.check().id()).toList();
  }

  @Test
  void kubeadmDefaultsGiveOneFindingPerFailedAutomatedEntryAtTheCommand() throws IOException {
    List<Finding> found = cis(scan(DEFAULT, Scanner.Options.defaults()));
    assertThat(ids(found)).containsExactlyInAnyOrderElementsOf(KUBEADM_DEFAULT_FAILS);
    Finding profiling =
        found.stream().filter(f -> f.check().id().equals("CIS-1.2.15")).findFirst().orElseThrow();
    // the flag is not written: the finding is at the container's command, and says the default
    assertThat(profiling.object().toString()).isEqualTo("Pod kube-system/kube-apiserver");
    assertThat(profiling.location().pointer()).isEqualTo("/spec/containers/0/command");
    String line =
        Files.readAllLines(Path.of(profiling.location().file()))
            .get(profiling.location().line() - 1);
    assertThat(line.trim()).isEqualTo("- command:");
    assertThat(profiling.message())
        .isEqualTo(
            "expected --profiling is false, but --profiling not set; default true applies"
                + " (Kubernetes 1.34)");
    assertThat(profiling.check().severity().label()).isEqualTo("low");
    assertThat(profiling.check().stride().label()).isEqualTo("Information disclosure");
    assertThat(profiling.check().cis()).containsExactly("CIS 2.0: 1.2.15");
  }

  @Test
  void hardenedManifestsGiveNoCisFinding() {
    assertThat(cis(scan(HARDENED, Scanner.Options.defaults()))).isEmpty();
  }

  @Test
  void mirrorPodsOfAKubeSystemDumpArePointedAtTheWrittenFlag() throws IOException {
    List<Finding> found = cis(scan(DUMP, Scanner.Options.defaults()));
    // the dump fails every automated entry of the control plane and kube-proxy, once per
    // component; a pod dump has no kubelet (4.2) to judge
    List<String> automated =
        BuiltinChecks.metas().stream()
            .filter(m -> m.category().equals("cis"))
            .map(m -> m.id())
            .filter(id -> !id.startsWith("CIS-4.2."))
            .toList();
    assertThat(ids(found)).containsExactlyInAnyOrderElementsOf(automated);
    assertThat(found).allMatch(f -> f.location().pointer().startsWith("/items/"));
    Finding anonymousToken =
        found.stream().filter(f -> f.check().id().equals("CIS-1.2.2")).findFirst().orElseThrow();
    String line =
        Files.readAllLines(Path.of(anonymousToken.location().file()))
            .get(anonymousToken.location().line() - 1);
    assertThat(line).contains("--token-auth-file");
    assertThat(anonymousToken.message()).startsWith("expected --token-auth-file is not set, but ");
  }

  @Test
  void onlyCisRunsJustTheBenchmarkAndSkipDropsOneEntry() {
    ScanResult only = scan(DEFAULT, options(List.of("cis"), List.of("CIS-1.2.15"), null));
    assertThat(only.checks()).allMatch(m -> m.category().equals("cis"));
    assertThat(ids(only.findings()))
        .containsExactlyInAnyOrderElementsOf(
            KUBEADM_DEFAULT_FAILS.stream().filter(id -> !id.equals("CIS-1.2.15")).toList());
    ScanResult skipped = scan(DEFAULT, options(List.of(), List.of("cis"), null));
    assertThat(cis(skipped)).isEmpty();
  }

  @Test
  void anIgnoreAnnotationOnTheStaticPodSuppressesItsFindings(@TempDir Path dir) throws IOException {
    String manifest = Files.readString(Path.of(DEFAULT, "kube-apiserver.yaml"));
    String annotated =
        manifest.replace(
            "  annotations:\n",
            "  annotations:\n"
                + "    parapet.dev/ignore: CIS-1.2.15, CIS-1.2.5\n"
                + "    parapet.dev/ignore-reason: profiling is needed while we chase a leak\n");
    assertThat(annotated).isNotEqualTo(manifest);
    Files.writeString(dir.resolve("kube-apiserver.yaml"), annotated, StandardCharsets.UTF_8);
    List<Finding> found = cis(scan(dir.toString(), Scanner.Options.defaults()));
    assertThat(found.stream().filter(Finding::suppressed).map(f -> f.check().id()))
        .containsExactlyInAnyOrder("CIS-1.2.15", "CIS-1.2.5");
    assertThat(found.stream().filter(Finding::suppressed))
        .allMatch(
            f ->
                f.suppression()
                    .justification()
                    .equals("profiling is needed while we chase a leak"));
    assertThat(found.stream().filter(f -> !f.suppressed()).map(f -> f.check().id()))
        .containsExactlyInAnyOrder(
            "CIS-1.2.16", "CIS-1.2.17", "CIS-1.2.18", "CIS-1.2.19", "CIS-1.2.30");
  }

  @Test
  void aBaselineSuppressesKnownCisFindings() {
    List<Finding> before = cis(scan(DEFAULT, Scanner.Options.defaults()));
    Baseline baseline = Baseline.of(before);
    List<Finding> after = cis(scan(DEFAULT, options(List.of(), List.of(), baseline)));
    assertThat(after).hasSameSizeAs(before).allMatch(Finding::suppressed);
  }
}
