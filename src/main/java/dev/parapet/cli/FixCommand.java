package dev.parapet.cli;

import dev.parapet.check.Finding;
import dev.parapet.check.ScanResult;
import dev.parapet.fix.ManifestFixer;
import dev.parapet.scan.Scanner;
import dev.parapet.source.SourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parapet fix}: writes the manifests with every mechanical fix applied. */
@Command(
    name = "fix",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the mechanical fixes (JSON Patches) of the findings and write the patched manifests to"
          + " a directory, keeping comments and key order. Findings without a mechanical fix, and"
          + " suppressed ones, are left as they are."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet fix examples/insecure-cluster --out fixed/",
      "  parapet fix k8s/ --out k8s-fixed/ --only PSS-014,PSS-018",
      "  helm template my-release ./chart | parapet fix - --out fixed/",
      "",
      "Every input file is written to DIR (patched or unchanged) under its path relative to the"
          + " named directory, so DIR is a complete, fixed copy. Exit codes: 0 written, 2 usage or"
          + " input error."
    })
final class FixCommand implements Callable<Integer> {
  private final InputStream stdin;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Mixin CheckSelection selection;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
  Path out;

  FixCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    input.configureLogging();
    byte[] stdinBytes = input.paths.contains("-") ? stdin.readAllBytes() : new byte[0];
    Scanner.Options options = selection.options(dev.parapet.check.Severity.INFO, null);
    Scanner.Loaded loaded =
        Scanner.load(input.paths, new java.io.ByteArrayInputStream(stdinBytes), input.limits());
    // fixes do not depend on severity: no attack graph needed
    ScanResult result = Scanner.check(loaded, options, input.paths, Main.version(), false);
    PrintWriter err = spec.commandLine().getErr();
    ScanCommand.Problems.print(result.problems(), err, input.quiet);
    Map<String, Path> targets = targets();
    Map<String, List<Finding>> byFile = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      byFile.computeIfAbsent(f.location().file(), k -> new ArrayList<>()).add(f);
    }
    int applied = 0;
    int files = 0;
    int withoutFix = 0;
    for (Map.Entry<String, Path> e : targets.entrySet()) {
      String file = e.getKey();
      byte[] bytes =
          file.equals(SourceLoader.STDIN) ? stdinBytes : Files.readAllBytes(Path.of(file));
      List<Finding> findings = byFile.getOrDefault(file, List.of());
      withoutFix += (int) findings.stream().filter(f -> f.fix() == null && !f.suppressed()).count();
      if (findings.stream().noneMatch(f -> f.fix() != null && !f.suppressed())) {
        // nothing to change: copied byte for byte, binary and non-UTF-8 files included
        ScanCommand.write(e.getValue(), bytes);
        files++;
        continue;
      }
      ManifestFixer.Result r =
          ManifestFixer.apply(file, new String(bytes, StandardCharsets.UTF_8), findings);
      r.skipped().forEach(s -> err.println("parapet: fix not applied: " + s));
      ScanCommand.write(e.getValue(), r.text().getBytes(StandardCharsets.UTF_8));
      applied += r.applied();
      files++;
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        "%d fixes applied; %d files written to %s; %d findings have no mechanical fix (see 'parapet scan')%n",
        applied, files, out, withoutFix);
    o.flush();
    return result.hasInputErrors() ? Main.EXIT_USAGE : 0;
  }

  /**
   * Each input file and where its fixed copy goes; two inputs landing on one output is an error.
   */
  private Map<String, Path> targets() {
    Map<String, Path> out2 = new LinkedHashMap<>();
    Map<Path, String> claimed = new java.util.HashMap<>();
    for (String p : input.paths) {
      if (p.equals("-")) {
        out2.put(SourceLoader.STDIN, out.resolve("stdin.yaml"));
        continue;
      }
      Path root = Path.of(p);
      for (Path f : SourceLoader.expand(List.of(p), new ArrayList<>())) {
        Path rel = Files.isDirectory(root) ? root.relativize(f) : f.getFileName();
        Path target = out.resolve(rel).normalize();
        String previous = claimed.putIfAbsent(target, f.toString());
        if (previous != null && !previous.equals(f.toString())) {
          throw new Main.UsageException(
              previous
                  + " and "
                  + f
                  + " would both be written to "
                  + target
                  + "; fix them separately");
        }
        out2.put(f.toString(), target);
      }
    }
    return out2;
  }
}
