package dev.parapet.report;

import dev.parapet.check.Baseline;
import dev.parapet.check.CheckError;
import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.model.ObjectRef;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scan results made by the real pipeline from the manifests in {@code golden/input}: a privileged
 * pod, a deployment without any security context, a suppressed pod, a Helm-rendered file, a
 * namespace accepted by a baseline, and a broken file.
 */
final class ReportFixtures {
  static final String VERSION = "0.0.0-test";
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  static final String INPUT = "src/test/resources/golden/input";

  private static final List<String> PSS_ONLY = List.of("pss", "psa");

  private static ScanResult full;

  private ReportFixtures() {}

  /** Everything a report can show, one check error included. */
  static synchronized ScanResult full() {
    if (full == null) {
      Scanner.Loaded loaded = Scanner.load(List.of(INPUT), empty(), Limits.DEFAULT);
      // the Pod Security checks only, so that new hardening checks do not move these goldens
      Scanner.Options defaults = Scanner.Options.defaults();
      Scanner.Options pssOnly =
          new Scanner.Options(
              defaults.pssVersion(),
              defaults.pssLevel(),
              defaults.allowedRegistries(),
              PSS_ONLY,
              defaults.skip(),
              defaults.minSeverity(),
              null);
      ScanResult first = Scanner.check(loaded, pssOnly, List.of(INPUT), VERSION);
      // accept the finding on namespace "shop" in a baseline, as `parapet baseline` would
      List<Finding> accepted =
          first.findings().stream()
              .filter(f -> f.object().equals(new ObjectRef("Namespace", "", "shop")))
              .toList();
      Scanner.Options withBaseline =
          new Scanner.Options(
              defaults.pssVersion(),
              defaults.pssLevel(),
              defaults.allowedRegistries(),
              PSS_ONLY,
              defaults.skip(),
              defaults.minSeverity(),
              Baseline.of(accepted));
      ScanResult r = Scanner.check(loaded, withBaseline, List.of(INPUT), VERSION);
      // no shipped check fails on purpose, so the error that reports must show is added here
      List<CheckError> errors = new ArrayList<>(r.errors());
      errors.add(
          new CheckError(
              "PSS-007",
              new ObjectRef("Pod", "shop", "debug"),
              "IllegalStateException: injected by the report tests"));
      full =
          new ScanResult(
              r.toolVersion(),
              r.inputs(),
              r.files(),
              r.objects(),
              r.checks(),
              r.findings(),
              r.problems(),
              errors);
    }
    return full;
  }

  /** The result of scanning one manifest given as text, read from standard input. */
  static ScanResult scanText(String yaml) {
    Scanner.Loaded loaded =
        Scanner.load(
            List.of("-"),
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
            Limits.DEFAULT);
    return Scanner.check(loaded, Scanner.Options.defaults(), List.of("-"), VERSION);
  }

  /** The result of scanning files, by path relative to the project root. */
  static ScanResult scan(String... paths) {
    Scanner.Loaded loaded = Scanner.load(List.of(paths), empty(), Limits.DEFAULT);
    return Scanner.check(loaded, Scanner.Options.defaults(), List.of(paths), VERSION);
  }

  static String render(Renderer renderer, ScanResult result) {
    StringBuilder sb = new StringBuilder();
    try {
      renderer.render(result, sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteArrayInputStream empty() {
    return new ByteArrayInputStream(new byte[0]);
  }
}
