package dev.parapet.cli;

import dev.parapet.check.Baseline;
import dev.parapet.check.Severity;
import dev.parapet.scan.BuiltinChecks;
import dev.parapet.scan.Scanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which checks run and with what settings: shared by the commands that run checks. */
final class CheckSelection {
  @Option(
      names = "--only",
      split = ",",
      paramLabel = "ID|CATEGORY",
      description =
          "Only these checks, by id (PSS-003) or category (pss, psa, workload, image, secret,"
              + " exposure, rbac, network, cis).")
  List<String> only = new ArrayList<>();

  @Option(
      names = "--skip",
      split = ",",
      paramLabel = "ID|CATEGORY",
      description = "Not these checks, by id or category.")
  List<String> skip = new ArrayList<>();

  @Mixin PssOptions pss;

  @Option(
      names = "--allowed-registries",
      split = ",",
      paramLabel = "REGISTRY",
      description = "Trusted image registries (e.g. registry.example.com,ghcr.io/my-org).")
  List<String> allowedRegistries = new ArrayList<>();

  /** Scanner options from these settings; unknown ids or categories are usage errors. */
  Scanner.Options options(Severity minSeverity, Baseline baseline) {
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    BuiltinChecks.metas()
        .forEach(
            m -> {
              known.add(m.id());
              known.add(m.category());
              known.addAll(m.aliases());
            });
    List<String> all = new ArrayList<>(only);
    all.addAll(skip);
    for (String s : all) {
      if (!known.contains(s)) {
        throw new Main.UsageException(
            "unknown check or category '" + s + "' (see 'parapet checks')");
      }
    }
    return new Scanner.Options(
        pss.version(), pss.levelName(), allowedRegistries, only, skip, minSeverity, baseline);
  }
}
